package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * 2-D average pooling over NHWC, vectorised across channels.
 *
 * <p>Each output is the mean of the <em>real</em> input cells under its window: padding cells and
 * ceil-mode overhang are excluded from both the sum and the divisor. This is PyTorch's
 * {@code AvgPool2d(count_include_pad=False)} and Keras' {@code padding='same'} behaviour; a window
 * lying fully inside the input divides by kh·kw as usual.
 */
public final class AvgPool2d implements Layer {
  private final PoolGeometry g;
  /** 1 / (real cells under the window) per output cell, [outH · outW]. */
  private final float[] inv;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public AvgPool2d(int inH, int inW, int c, int kh, int kw, int strideH, int strideW,
      int padTop, int padBottom, int padLeft, int padRight, int outH, int outW) {
    this.g = new PoolGeometry(inH, inW, c, kh, kw, strideH, strideW,
        padTop, padBottom, padLeft, padRight, outH, outW);
    this.inv = inverseCounts(g);
  }

  static float[] inverseCounts(PoolGeometry g) {
    float[] inv = new float[g.outH * g.outW];
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++) {
        inv[oy * g.outW + ox] = 1f / g.count(oy, ox);
      }
    }
    return inv;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    check(in, out);
    boolean vec = vectorised;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int inBase = in.offset + b * in.sampleSize();
        int outBase = out.offset + b * out.sampleSize();
        if (vec) {
          windowMeanVector(g, inv, in.data, inBase, out.data, outBase);
        } else {
          windowMeanScalar(g, inv, in.data, inBase, out.data, outBase);
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
    boolean vec = vectorised;
    Simd.forBatch(dIn.n, dIn.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int dInBase = dIn.offset + b * dIn.sampleSize();
        int dOutBase = dOut.offset + b * dOut.sampleSize();
        Arrays.fill(dIn.data, dInBase, dInBase + dIn.sampleSize(), 0f);
        if (vec) {
          spreadVector(g, inv, null, dOut.data, dOutBase, dIn.data, dInBase);
        } else {
          spreadScalar(g, inv, null, dOut.data, dOutBase, dIn.data, dInBase);
        }
      }
    });
  }

  private void check(Tensor in, Tensor out) {
    Simd.checkSample(in, g.inH, g.inW, g.c, "AvgPool2d input");
    Simd.checkSample(out, g.outH, g.outW, g.c, "AvgPool2d output");
    Simd.checkBatch(in, out);
  }

  // src: one sample [H, W, C] at srcBase; dst: [outH, outW, C] at dstBase; dst = window mean.
  static void windowMeanVector(PoolGeometry g, float[] inv, float[] src, int srcBase, float[] dst,
      int dstBase) {
    final int c = g.c;
    final int bound = Simd.F.loopBound(c);
    int o = dstBase;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, o += c) {
        final float scale = inv[oy * g.outW + ox];
        int ch = 0;
        for (; ch < bound; ch += Simd.F.length()) {
          FloatVector acc = FloatVector.zero(Simd.F);
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              acc = acc.add(FloatVector.fromArray(Simd.F, src, srcBase + (y * g.inW + x) * c + ch));
            }
          }
          acc.mul(scale).intoArray(dst, o + ch);
        }
        if (ch < c && Simd.MASKED_TAILS) { // the last channels as one masked vector (LeNet-5: 6)
          VectorMask<Float> m = Simd.F.indexInRange(ch, c);
          FloatVector acc = FloatVector.zero(Simd.F);
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              acc = acc.add(
                  FloatVector.fromArray(Simd.F, src, srcBase + (y * g.inW + x) * c + ch, m));
            }
          }
          acc.mul(scale).intoArray(dst, o + ch, m);
          ch = c;
        }
        for (; ch < c; ch++) {
          dst[o + ch] = windowSum(g, src, srcBase, oy, ox, ch) * scale;
        }
      }
    }
  }

  static void windowMeanScalar(PoolGeometry g, float[] inv, float[] src, int srcBase, float[] dst,
      int dstBase) {
    int o = dstBase;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, o += g.c) {
        for (int ch = 0; ch < g.c; ch++) {
          dst[o + ch] = windowSum(g, src, srcBase, oy, ox, ch) * inv[oy * g.outW + ox];
        }
      }
    }
  }

  static float windowSum(PoolGeometry g, float[] src, int srcBase, int oy, int ox, int ch) {
    float s = 0f;
    for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
      for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
        s += src[srcBase + (y * g.inW + x) * g.c + ch];
      }
    }
    return s;
  }

  /**
   * dIn[cell] += dOut · inv · coef[ch] for every real cell of every window (coef null means 1).
   * dOut: [outH, outW, C] at dOutBase; dIn: [H, W, C] at dInBase, zeroed by the caller.
   */
  static void spreadVector(PoolGeometry g, float[] inv, float[] coef, float[] dOut, int dOutBase,
      float[] dIn, int dInBase) {
    final int c = g.c;
    final int bound = Simd.F.loopBound(c);
    int k = dOutBase;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, k += c) {
        final float scale = inv[oy * g.outW + ox];
        int ch = 0;
        for (; ch < bound; ch += Simd.F.length()) {
          FloatVector grad = FloatVector.fromArray(Simd.F, dOut, k + ch).mul(scale);
          if (coef != null) {
            grad = grad.mul(FloatVector.fromArray(Simd.F, coef, ch));
          }
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              int at = dInBase + (y * g.inW + x) * c + ch;
              FloatVector.fromArray(Simd.F, dIn, at).add(grad).intoArray(dIn, at);
            }
          }
        }
        if (ch < c && Simd.MASKED_TAILS) {
          VectorMask<Float> m = Simd.F.indexInRange(ch, c);
          FloatVector grad = FloatVector.fromArray(Simd.F, dOut, k + ch, m).mul(scale);
          if (coef != null) {
            grad = grad.mul(FloatVector.fromArray(Simd.F, coef, ch, m));
          }
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              int at = dInBase + (y * g.inW + x) * c + ch;
              FloatVector.fromArray(Simd.F, dIn, at, m).add(grad).intoArray(dIn, at, m);
            }
          }
          ch = c;
        }
        for (; ch < c; ch++) {
          spreadOne(g, scale, coef, dOut[k + ch], dIn, dInBase, oy, ox, ch);
        }
      }
    }
  }

  static void spreadScalar(PoolGeometry g, float[] inv, float[] coef, float[] dOut, int dOutBase,
      float[] dIn, int dInBase) {
    int k = dOutBase;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, k += g.c) {
        for (int ch = 0; ch < g.c; ch++) {
          spreadOne(g, inv[oy * g.outW + ox], coef, dOut[k + ch], dIn, dInBase, oy, ox, ch);
        }
      }
    }
  }

  private static void spreadOne(PoolGeometry g, float scale, float[] coef, float dOut, float[] dIn,
      int dInBase, int oy, int ox, int ch) {
    float grad = dOut * scale;
    if (coef != null) {
      grad *= coef[ch];
    }
    for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
      for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
        dIn[dInBase + (y * g.inW + x) * g.c + ch] += grad;
      }
    }
  }
}
