package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Local response normalisation across channels, Hands-On ML Eq. 14-2 (AlexNet):
 *
 * <pre>
 *   s_i = k + α Σ_{j = max(0, i−r)}^{min(i+r, C−1)} a_j²,     b_i = a_i · s_i^(−β)
 * </pre>
 *
 * The sum is not divided by the window size (unlike PyTorch's {@code LocalResponseNorm}, whose α
 * is α/n here). Defaults: r = 2, α = 2e-5, β = 0.75, k = 1.
 *
 * <p>Backward: dx_j = dy_j s_j^(−β) − 2αβ a_j Σ_{i: |i−j| ≤ r} dy_i a_i s_i^(−β−1).
 *
 * <p>Work is split over pixels (not samples, so batch-1 inference uses every thread). The vector
 * path writes a pixel's squares (or t values) into a buffer with r zeros on each side and sums
 * the window as 2r + 1 shifted vector loads, in the scalar twin's order (adding the padding's
 * zeros changes nothing), so the window sums are identical; the powers use the vector
 * {@code POW} and differ from the twin's {@code Math.pow} by a few ulps. AlexNet at batch 1 spent
 * a fifth of its inference here with the scalar loop on one thread.
 */
public final class Lrn implements Layer {
  private static final int V = Simd.F.length();

  private final int h;
  private final int w;
  private final int c;
  private final int radius;
  private final float alpha;
  private final float beta;
  private final float k;
  /**
   * Per-chunk scratch. Vector path: [0, C + V) s_i (then s_i^(−β)), [C + V, 2C + 2V) the backward's
   * window sums of t_i = dy_i a_i s_i^(−β−1), then the zero-padded window buffer (C + 2r + V
   * floats). The scalar twin uses [0, 2C): s_i and t_i.
   */
  private float[][] scratch;
  /** False runs the scalar reference twin (tests compare the two). */
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public Lrn(int h, int w, int c, int radius, float alpha, float beta, float k) {
    this.h = h;
    this.w = w;
    this.c = c;
    this.radius = radius;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  public Lrn(int h, int w, int c) {
    this(h, w, c, 2, 2e-5f, 0.75f, 1f);
  }

  private float[][] scratch() {
    int chunks = Parallel.threads();
    if (scratch == null || scratch.length < chunks) {
      scratch = new float[chunks][3 * (c + V) + 2 * radius];
    }
    return scratch;
  }

  /** Where the zero-padded window buffer starts in a chunk's scratch. */
  private int padAt() {
    return 2 * (c + V);
  }

  /** Runs body over pixels [0, pixels), in parallel when there is enough of them. */
  private void forPixels(int pixels, Parallel.RangeBody body) {
    Simd.forBatch(pixels, (long) c * (2 * radius + 3), body);
  }

  // s[i] for one pixel at x[at .. at + C).
  private void windowSums(float[] x, int at, float[] s) {
    for (int i = 0; i < c; i++) {
      float sum = 0f;
      for (int j = Math.max(0, i - radius), end = Math.min(i + radius, c - 1); j <= end; j++) {
        sum += x[at + j] * x[at + j];
      }
      s[i] = k + alpha * sum;
    }
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSample(in, h, w, c, "Lrn input");
    Simd.checkSample(out, h, w, c, "Lrn output");
    Simd.checkBatch(in, out);
    final float[][] bufs = scratch();
    final boolean vector = vectorised;
    forPixels(in.n * h * w, (chunk, from, to) -> {
      float[] s = bufs[chunk];
      for (int p = from; p < to; p++) {
        int x = in.offset + p * c;
        int y = out.offset + p * c;
        if (vector) {
          forwardVector(in.data, x, out.data, y, s);
          continue;
        }
        windowSums(in.data, x, s);
        for (int i = 0; i < c; i++) {
          out.data[y + i] = (float) (in.data[x + i] * Math.pow(s[i], -beta));
        }
      }
    });
  }

  /** One pixel: s from the padded squares, then y = x · s^(−β). // x, y: C floats. */
  private void forwardVector(float[] xs, int x, float[] ys, int y, float[] s) {
    int pad = padAt();
    squares(xs, x, s, pad);
    windowSumsVector(s, pad, s, 0, k, alpha);
    int i = 0;
    for (int bound = Simd.F.loopBound(c); i < bound; i += V) {
      FloatVector sv = FloatVector.fromArray(Simd.F, s, i);
      FloatVector.fromArray(Simd.F, xs, x + i)
          .mul(sv.lanewise(VectorOperators.POW, -beta))
          .intoArray(ys, y + i);
    }
    for (; i < c; i++) {
      ys[y + i] = (float) (xs[x + i] * Math.pow(s[i], -beta));
    }
  }

  /**
   * The C squares at buf[pad + r ...). The r floats before them and the r + V after stay zero from
   * the scratch's allocation: nothing else writes there.
   */
  private void squares(float[] xs, int x, float[] buf, int pad) {
    for (int i = 0; i < c; i++) {
      buf[pad + radius + i] = xs[x + i] * xs[x + i];
    }
  }

  /**
   * dst[d + i] = add + mul · Σ_{j = i − r}^{i + r} src[pad + r + j] for i in [0, C) rounded up to a
   * whole vector (the zero padding stands for the channels past either edge).
   */
  private void windowSumsVector(float[] src, int pad, float[] dst, int d, float add, float mul) {
    for (int i = 0; i < c; i += V) {
      FloatVector sum = FloatVector.zero(Simd.F);
      for (int j = 0; j <= 2 * radius; j++) {
        sum = sum.add(FloatVector.fromArray(Simd.F, src, pad + i + j));
      }
      sum.mul(mul).add(add).intoArray(dst, d + i);
    }
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dIn, h, w, c, "Lrn dIn");
    Simd.checkSample(dOut, h, w, c, "Lrn dOut");
    final float[][] bufs = scratch();
    final boolean vector = vectorised;
    forPixels(in.n * h * w, (chunk, from, to) -> {
      float[] s = bufs[chunk];
      for (int p = from; p < to; p++) {
        int x = in.offset + p * c;
        int g = dOut.offset + p * c;
        int d = dIn.offset + p * c;
        if (vector) {
          backwardVector(in.data, x, dOut.data, g, dIn.data, d, s);
          continue;
        }
        windowSums(in.data, x, s);
        for (int i = 0; i < c; i++) {
          // t_i stored after the s values; s_i^(−β) kept in s.
          double sb = Math.pow(s[i], -beta);
          s[c + i] = (float) (dOut.data[g + i] * in.data[x + i] * sb / s[i]);
          s[i] = (float) sb;
        }
        for (int j = 0; j < c; j++) {
          float sum = 0f;
          for (int i = Math.max(0, j - radius), end = Math.min(j + radius, c - 1); i <= end; i++) {
            sum += s[c + i];
          }
          dIn.data[d + j] = dOut.data[g + j] * s[j] - 2f * alpha * beta * in.data[x + j] * sum;
        }
      }
    });
  }

  /**
   * One pixel of the backward. // x, dy, dx: C floats. s gets s_i^(−β) at [0, C), the padded
   * buffer the t_i, and [C + V, 2C + V) the t window sums.
   */
  private void backwardVector(float[] xs, int x, float[] dy, int g, float[] dx, int d, float[] s) {
    int pad = padAt();
    int ts = c + V;
    squares(xs, x, s, pad);
    windowSumsVector(s, pad, s, 0, k, alpha);
    int t = pad + radius;
    int i = 0;
    for (int bound = Simd.F.loopBound(c); i < bound; i += V) {
      FloatVector sv = FloatVector.fromArray(Simd.F, s, i);
      FloatVector sb = sv.lanewise(VectorOperators.POW, -beta);
      FloatVector.fromArray(Simd.F, dy, g + i).mul(FloatVector.fromArray(Simd.F, xs, x + i))
          .mul(sb).div(sv).intoArray(s, t + i);
      sb.intoArray(s, i);
    }
    for (; i < c; i++) {
      double sb = Math.pow(s[i], -beta);
      s[t + i] = (float) (dy[g + i] * xs[x + i] * sb / s[i]);
      s[i] = (float) sb;
    }
    // The t values overwrote exactly the squares; the zero padding around them is untouched.
    windowSumsVector(s, pad, s, ts, 0f, 1f);
    float coef = 2f * alpha * beta;
    int j = 0;
    for (int bound = Simd.F.loopBound(c); j < bound; j += V) {
      FloatVector a = FloatVector.fromArray(Simd.F, xs, x + j);
      FloatVector.fromArray(Simd.F, dy, g + j).mul(FloatVector.fromArray(Simd.F, s, j))
          .sub(a.mul(coef).mul(FloatVector.fromArray(Simd.F, s, ts + j)))
          .intoArray(dx, d + j);
    }
    for (; j < c; j++) {
      dx[d + j] = dy[g + j] * s[j] - coef * xs[x + j] * s[ts + j];
    }
  }
}
