package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;

/**
 * Local response normalisation across channels, Hands-On ML Eq. 14-2 (AlexNet):
 *
 * <pre>
 *   s_i = k + α Σ_{j = max(0, i−r)}^{min(i+r, C−1)} a_j²,     b_i = a_i · s_i^(−β)
 * </pre>
 *
 * The sum is not divided by the window size (unlike PyTorch's {@code LocalResponseNorm}, whose α
 * is α/n here). Defaults: r = 2, α = 2e-5, β = 0.75, k = 1. Scalar only: the channel windows
 * are short and overlapping.
 *
 * <p>Backward: dx_j = dy_j s_j^(−β) − 2αβ a_j Σ_{i: |i−j| ≤ r} dy_i a_i s_i^(−β−1).
 */
public final class Lrn implements Layer {
  private final int h;
  private final int w;
  private final int c;
  private final int radius;
  private final float alpha;
  private final float beta;
  private final float k;
  /** Per-chunk scratch [chunk][2C]: s_i and the backward's t_i = dy_i a_i s_i^(−β−1). */
  private float[][] scratch;

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
      scratch = new float[chunks][2 * c];
    }
    return scratch;
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
    final int pixels = h * w;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      float[] s = bufs[chunk];
      for (int p = from * pixels; p < to * pixels; p++) {
        int x = in.offset + p * c;
        int y = out.offset + p * c;
        windowSums(in.data, x, s);
        for (int i = 0; i < c; i++) {
          out.data[y + i] = (float) (in.data[x + i] * Math.pow(s[i], -beta));
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dIn, h, w, c, "Lrn dIn");
    Simd.checkSample(dOut, h, w, c, "Lrn dOut");
    final float[][] bufs = scratch();
    final int pixels = h * w;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      float[] s = bufs[chunk];
      for (int p = from * pixels; p < to * pixels; p++) {
        int x = in.offset + p * c;
        int g = dOut.offset + p * c;
        int d = dIn.offset + p * c;
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
}
