package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * LeNet-5's sub-sampling layer (S2, S4): out = coef[c] · mean(window) + bias[c], with a trainable
 * coefficient {@code <name>.weight} [C] (initialised to 1) and bias {@code <name>.bias} [C]
 * (initialised to 0). The mean follows {@link AvgPool2d}: it divides by the real (non-padded) cells
 * under the window. LeCun's squashing function is a separate activation layer.
 */
public final class Subsample implements Layer {
  private final PoolGeometry g;
  private final float[] inv;
  private final Parameter weight;
  private final Parameter bias;
  /** Per-sample partial parameter gradients [n][2C], summed in sample order for determinism. */
  private float[] partial;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public Subsample(String name, int inH, int inW, int c, int kh, int kw, int strideH, int strideW,
      int padTop, int padBottom, int padLeft, int padRight, int outH, int outW) {
    this.g = new PoolGeometry(inH, inW, c, kh, kw, strideH, strideW,
        padTop, padBottom, padLeft, padRight, outH, outW);
    this.inv = AvgPool2d.inverseCounts(g);
    this.weight = new Parameter(name + ".weight", true, c);
    this.bias = new Parameter(name + ".bias", true, c);
    Arrays.fill(weight.value, 1f);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    check(in, out);
    boolean vec = vectorised;
    final int c = g.c;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int inBase = in.offset + b * in.sampleSize();
        int outBase = out.offset + b * out.sampleSize();
        if (vec) {
          AvgPool2d.windowMeanVector(g, inv, in.data, inBase, out.data, outBase);
        } else {
          AvgPool2d.windowMeanScalar(g, inv, in.data, inBase, out.data, outBase);
        }
        // Affine per channel; short loop over [outH·outW, C] (C is 6 or 16 in LeNet).
        for (int i = outBase, end = outBase + out.sampleSize(); i < end; i += c) {
          for (int ch = 0; ch < c; ch++) {
            out.data[i + ch] = out.data[i + ch] * weight.value[ch] + bias.value[ch];
          }
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    check(in, out);
    Simd.checkBatch(out, dOut);
    final int c = g.c;
    final int n = in.n;
    partial = Simd.grow(partial, n * 2 * c);
    final float[] part = partial;
    boolean vec = vectorised;
    Simd.forBatch(n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        // mean = (out − bias) / coef would fail for coef = 0, so recompute the window means.
        int dOutBase = dOut.offset + b * dOut.sampleSize();
        int inBase = in.offset + b * in.sampleSize();
        int p = b * 2 * c;
        Arrays.fill(part, p, p + 2 * c, 0f);
        int k = dOutBase;
        for (int oy = 0; oy < g.outH; oy++) {
          for (int ox = 0; ox < g.outW; ox++, k += c) {
            float scale = inv[oy * g.outW + ox];
            for (int ch = 0; ch < c; ch++) {
              float mean = AvgPool2d.windowSum(g, in.data, inBase, oy, ox, ch) * scale;
              part[p + ch] += dOut.data[k + ch] * mean;
              part[p + c + ch] += dOut.data[k + ch];
            }
          }
        }
        if (dIn != null) {
          int dInBase = dIn.offset + b * dIn.sampleSize();
          Arrays.fill(dIn.data, dInBase, dInBase + dIn.sampleSize(), 0f);
          if (vec) {
            AvgPool2d.spreadVector(g, inv, weight.value, dOut.data, dOutBase, dIn.data, dInBase);
          } else {
            AvgPool2d.spreadScalar(g, inv, weight.value, dOut.data, dOutBase, dIn.data, dInBase);
          }
        }
      }
    });
    for (int ch = 0; ch < c; ch++) {
      double dw = 0;
      double db = 0;
      for (int b = 0; b < n; b++) {
        dw += part[b * 2 * c + ch];
        db += part[b * 2 * c + c + ch];
      }
      weight.grad[ch] += (float) dw;
      bias.grad[ch] += (float) db;
    }
  }

  private void check(Tensor in, Tensor out) {
    Simd.checkSample(in, g.inH, g.inW, g.c, "Subsample input");
    Simd.checkSample(out, g.outH, g.outW, g.c, "Subsample output");
    Simd.checkBatch(in, out);
  }
}
