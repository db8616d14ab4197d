package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * 2-D max pooling over NHWC, vectorised across channels. Padding cells count as −∞, so they are
 * never selected; windows that hang over the edge (ceil mode) are clipped to the real input.
 *
 * <p>Backward recomputes the argmax instead of storing it: the first cell in window order (row
 * major) whose value equals the pooled output receives the gradient — the same tie-break as
 * PyTorch. This needs no per-batch buffer because {@code in} and {@code out} are unchanged since
 * the forward. Overlapping windows (stride &lt; k) accumulate into dIn.
 */
public final class MaxPool2d implements Layer {
  private final PoolGeometry g;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  /**
   * @param inH input height
   * @param inW input width
   * @param c channels (unchanged by pooling)
   * @param outH output height as computed by the compiler (rounding already applied)
   * @param outW output width as computed by the compiler
   */
  public MaxPool2d(int inH, int inW, int c, int kh, int kw, int strideH, int strideW,
      int padTop, int padBottom, int padLeft, int padRight, int outH, int outW) {
    this.g = new PoolGeometry(inH, inW, c, kh, kw, strideH, strideW,
        padTop, padBottom, padLeft, padRight, outH, outW);
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    check(in, out);
    boolean vec = vectorised;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        if (vec) {
          forwardVector(g, in, out, b);
        } else {
          forwardScalar(g, in, out, b);
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    check(in, out);
    check(dIn, dOut);
    boolean vec = vectorised;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        if (vec) {
          backwardVector(g, in, out, dOut, dIn, b);
        } else {
          backwardScalar(g, in, out, dOut, dIn, b);
        }
      }
    });
  }

  private void check(Tensor in, Tensor out) {
    Simd.checkSample(in, g.inH, g.inW, g.c, "MaxPool2d input");
    Simd.checkSample(out, g.outH, g.outW, g.c, "MaxPool2d output");
    Simd.checkBatch(in, out);
  }

  // in: [H, W, C] of sample b, out: [outH, outW, C]; one vector of channels per window.
  static void forwardVector(PoolGeometry g, Tensor in, Tensor out, int b) {
    final int c = g.c;
    final int bound = Simd.F.loopBound(c);
    final float[] src = in.data;
    final float[] dst = out.data;
    final int inBase = in.offset + b * in.sampleSize();
    int o = out.offset + b * out.sampleSize();
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, o += c) {
        int ch = 0;
        for (; ch < bound; ch += Simd.F.length()) {
          FloatVector acc = FloatVector.broadcast(Simd.F, Float.NEGATIVE_INFINITY);
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              acc = acc.max(FloatVector.fromArray(Simd.F, src, inBase + (y * g.inW + x) * c + ch));
            }
          }
          acc.intoArray(dst, o + ch);
        }
        for (; ch < c; ch++) {
          dst[o + ch] = windowMax(g, src, inBase, oy, ox, ch);
        }
      }
    }
  }

  static void forwardScalar(PoolGeometry g, Tensor in, Tensor out, int b) {
    final int inBase = in.offset + b * in.sampleSize();
    int o = out.offset + b * out.sampleSize();
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, o += g.c) {
        for (int ch = 0; ch < g.c; ch++) {
          out.data[o + ch] = windowMax(g, in.data, inBase, oy, ox, ch);
        }
      }
    }
  }

  private static float windowMax(PoolGeometry g, float[] src, int inBase, int oy, int ox, int ch) {
    float best = Float.NEGATIVE_INFINITY;
    for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
      for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
        best = Math.max(best, src[inBase + (y * g.inW + x) * g.c + ch]);
      }
    }
    return best;
  }

  // Routes dOut to the first cell equal to the max; masks track lanes still waiting for their cell.
  static void backwardVector(PoolGeometry g, Tensor in, Tensor out, Tensor dOut, Tensor dIn,
      int b) {
    final int c = g.c;
    final int bound = Simd.F.loopBound(c);
    final int inBase = in.offset + b * in.sampleSize();
    final int dInBase = dIn.offset + b * dIn.sampleSize();
    final int outBase = out.offset + b * out.sampleSize();
    final int dOutBase = dOut.offset + b * dOut.sampleSize();
    if (g.tiles) {
      backwardTiling(g, in, out, dOut, dIn, b);
      return;
    }
    java.util.Arrays.fill(dIn.data, dInBase, dInBase + dIn.sampleSize(), 0f);
    int k = 0;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, k += c) {
        int ch = 0;
        for (; ch < bound; ch += Simd.F.length()) {
          FloatVector m = FloatVector.fromArray(Simd.F, out.data, outBase + k + ch);
          FloatVector grad = FloatVector.fromArray(Simd.F, dOut.data, dOutBase + k + ch);
          VectorMask<Float> pending = Simd.F.maskAll(true);
          for (int y = g.y0[oy]; y < g.y1[oy] && pending.anyTrue(); y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              int cell = (y * g.inW + x) * c + ch;
              FloatVector v = FloatVector.fromArray(Simd.F, in.data, inBase + cell);
              VectorMask<Float> hit = v.compare(VectorOperators.EQ, m).and(pending);
              if (hit.anyTrue()) {
                FloatVector d = FloatVector.fromArray(Simd.F, dIn.data, dInBase + cell);
                d.add(grad, hit).intoArray(dIn.data, dInBase + cell);
                pending = pending.andNot(hit);
              }
            }
          }
        }
        for (; ch < c; ch++) {
          routeScalar(g, in, out, dOut, dIn, b, oy, ox, ch);
        }
      }
    }
  }

  /**
   * {@link #backwardVector} for windows that tile the input: each cell is written once, with its
   * window's gradient where it holds the max and zero elsewhere, so dIn needs no zeroing pass and
   * is never read. The floats are those of zero-then-add (0 + g, never a bare g, so −0 stays +0).
   * A method of its own: folded into backwardVector behind a flag, the JIT compiled both worse
   * (Fashion CNN's 7×7 pool, which does not tile, ran at half speed).
   */
  private static void backwardTiling(PoolGeometry g, Tensor in, Tensor out, Tensor dOut,
      Tensor dIn, int b) {
    final int c = g.c;
    final int bound = Simd.F.loopBound(c);
    final int inBase = in.offset + b * in.sampleSize();
    final int dInBase = dIn.offset + b * dIn.sampleSize();
    final int outBase = out.offset + b * out.sampleSize();
    final int dOutBase = dOut.offset + b * dOut.sampleSize();
    final FloatVector zero = FloatVector.zero(Simd.F);
    int k = 0;
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++, k += c) {
        int ch = 0;
        for (; ch < bound; ch += Simd.F.length()) {
          FloatVector m = FloatVector.fromArray(Simd.F, out.data, outBase + k + ch);
          FloatVector grad = FloatVector.fromArray(Simd.F, dOut.data, dOutBase + k + ch);
          VectorMask<Float> pending = Simd.F.maskAll(true);
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              int cell = (y * g.inW + x) * c + ch;
              FloatVector v = FloatVector.fromArray(Simd.F, in.data, inBase + cell);
              VectorMask<Float> hit = v.compare(VectorOperators.EQ, m).and(pending);
              zero.add(grad, hit).intoArray(dIn.data, dInBase + cell);
              pending = pending.andNot(hit);
            }
          }
        }
        for (; ch < c; ch++) {
          for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
            for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
              dIn.data[dInBase + (y * g.inW + x) * c + ch] = 0f;
            }
          }
          routeScalar(g, in, out, dOut, dIn, b, oy, ox, ch);
        }
      }
    }
  }

  static void backwardScalar(PoolGeometry g, Tensor in, Tensor out, Tensor dOut, Tensor dIn,
      int b) {
    final int dInBase = dIn.offset + b * dIn.sampleSize();
    java.util.Arrays.fill(dIn.data, dInBase, dInBase + dIn.sampleSize(), 0f);
    for (int oy = 0; oy < g.outH; oy++) {
      for (int ox = 0; ox < g.outW; ox++) {
        for (int ch = 0; ch < g.c; ch++) {
          routeScalar(g, in, out, dOut, dIn, b, oy, ox, ch);
        }
      }
    }
  }

  private static void routeScalar(PoolGeometry g, Tensor in, Tensor out, Tensor dOut, Tensor dIn,
      int b, int oy, int ox, int ch) {
    final int inBase = in.offset + b * in.sampleSize();
    final int k = (oy * g.outW + ox) * g.c + ch;
    final float m = out.data[out.offset + b * out.sampleSize() + k];
    for (int y = g.y0[oy]; y < g.y1[oy]; y++) {
      for (int x = g.x0[ox]; x < g.x1[ox]; x++) {
        int cell = (y * g.inW + x) * g.c + ch;
        if (in.data[inBase + cell] == m) {
          dIn.data[dIn.offset + b * dIn.sampleSize() + cell] +=
              dOut.data[dOut.offset + b * dOut.sampleSize() + k];
          return;
        }
      }
    }
  }
}
