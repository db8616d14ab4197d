package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/** Mean over all H·W positions per channel: [N, H, W, C] → [N, 1, 1, C], vectorised over C. */
public final class GlobalAvgPool implements Layer {
  private final int h;
  private final int w;
  private final int c;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public GlobalAvgPool(int h, int w, int c) {
    this.h = h;
    this.w = w;
    this.c = c;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    check(in, out);
    final boolean vec = vectorised;
    final int hw = h * w;
    final float scale = 1f / hw;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int src = in.offset + b * in.sampleSize();
        int dst = out.offset + b * c;
        int ch = 0;
        if (vec) {
          for (int bound = Simd.F.loopBound(c); ch < bound; ch += Simd.F.length()) {
            FloatVector acc = FloatVector.zero(Simd.F);
            for (int p = 0; p < hw; p++) {
              acc = acc.add(FloatVector.fromArray(Simd.F, in.data, src + p * c + ch));
            }
            acc.mul(scale).intoArray(out.data, dst + ch);
          }
        }
        for (; ch < c; ch++) {
          float s = 0f;
          for (int p = 0; p < hw; p++) {
            s += in.data[src + p * c + ch];
          }
          out.data[dst + ch] = s * scale;
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    check(dIn, dOut);
    final boolean vec = vectorised;
    final int hw = h * w;
    final float scale = 1f / hw;
    Simd.forBatch(dIn.n, dIn.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int dst = dIn.offset + b * dIn.sampleSize();
        int src = dOut.offset + b * c;
        int ch = 0;
        if (vec) {
          for (int bound = Simd.F.loopBound(c); ch < bound; ch += Simd.F.length()) {
            FloatVector g = FloatVector.fromArray(Simd.F, dOut.data, src + ch).mul(scale);
            for (int p = 0; p < hw; p++) {
              g.intoArray(dIn.data, dst + p * c + ch);
            }
          }
        }
        for (; ch < c; ch++) {
          float g = dOut.data[src + ch] * scale;
          for (int p = 0; p < hw; p++) {
            dIn.data[dst + p * c + ch] = g;
          }
        }
      }
    });
  }

  private void check(Tensor in, Tensor out) {
    Simd.checkSample(in, h, w, c, "GlobalAvgPool input");
    Simd.checkSize(out, c, "GlobalAvgPool output");
    Simd.checkBatch(in, out);
  }
}
