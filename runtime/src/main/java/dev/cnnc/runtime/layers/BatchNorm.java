package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation per channel of an NHWC tensor (a 1-D batch is h = w = 1), with PyTorch's
 * conventions:
 *
 * <ul>
 *   <li>training: statistics over the N·H·W values of each channel; the <em>biased</em> variance
 *       normalises, the <em>unbiased</em> one (× M/(M−1)) updates the running variance;
 *   <li>running = (1 − momentum) · running + momentum · batch (PyTorch's momentum, default 0.1;
 *       a Keras momentum m corresponds to 1 − m here);
 *   <li>inference: running statistics.
 * </ul>
 *
 * <p>Parameters: {@code <name>.weight} γ (1), {@code <name>.bias} β (0), and the non-trainable
 * {@code <name>.running_mean} (0) and {@code <name>.running_var} (1). For inference folding,
 * {@link #inferenceScale()} and {@link #inferenceShift()} give y = scale · x + shift.
 *
 * <p>Reductions run per sample in parallel and are then summed in sample order in double, so the
 * result does not depend on the thread count.
 */
public final class BatchNorm implements Layer {
  private final int h;
  private final int w;
  private final int c;
  private final float eps;
  private final float momentum;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;
  /** Statistics used by the last forward, per channel (batch or running). */
  private final float[] mean;
  private final float[] invStd;
  /** Per-channel constants of the elementwise passes. */
  private final float[] k1;
  private final float[] k2;
  private final float[] k3;
  /** Per-sample partial sums [n][C], two of them. */
  private float[] partA;
  private float[] partB;
  private boolean lastTraining;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public BatchNorm(String name, int h, int w, int c, float eps, float momentum) {
    this.h = h;
    this.w = w;
    this.c = c;
    this.eps = eps;
    this.momentum = momentum;
    this.gamma = new Parameter(name + ".weight", true, c);
    this.beta = new Parameter(name + ".bias", true, c);
    this.runningMean = new Parameter(name + ".running_mean", false, c);
    this.runningVar = new Parameter(name + ".running_var", false, c);
    Arrays.fill(gamma.value, 1f);
    Arrays.fill(runningVar.value, 1f);
    this.mean = new float[c];
    this.invStd = new float[c];
    this.k1 = new float[c];
    this.k2 = new float[c];
    this.k3 = new float[c];
  }

  /** PyTorch defaults: eps 1e-5, momentum 0.1. */
  public BatchNorm(String name, int h, int w, int c) {
    this(name, h, w, c, 1e-5f, 0.1f);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta, runningMean, runningVar);
  }

  /** γ / √(running_var + eps) per channel: the inference-time multiplier (fresh array). */
  public float[] inferenceScale() {
    float[] s = new float[c];
    for (int ch = 0; ch < c; ch++) {
      s[ch] = (float) (gamma.value[ch] / Math.sqrt((double) runningVar.value[ch] + eps));
    }
    return s;
  }

  /** β − running_mean · scale per channel: the inference-time offset (fresh array). */
  public float[] inferenceShift() {
    float[] s = inferenceScale();
    for (int ch = 0; ch < c; ch++) {
      s[ch] = beta.value[ch] - runningMean.value[ch] * s[ch];
    }
    return s;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSample(in, h, w, c, "BatchNorm input");
    Simd.checkSample(out, h, w, c, "BatchNorm output");
    Simd.checkBatch(in, out);
    final int n = in.n;
    lastTraining = training;
    if (training) {
      long m = (long) n * h * w;
      partA = Simd.grow(partA, n * c);
      // Pass 1: mean (k1 holds zeros as the "centre" so the kernel returns plain sums).
      Arrays.fill(k1, 0f);
      channelSums(in, k1, false);
      for (int ch = 0; ch < c; ch++) {
        mean[ch] = (float) (sumOverSamples(partA, n, ch) / m);
      }
      // Pass 2: biased variance around the mean (two-pass for accuracy).
      channelSums(in, mean, true);
      for (int ch = 0; ch < c; ch++) {
        double var = sumOverSamples(partA, n, ch) / m;
        invStd[ch] = (float) (1.0 / Math.sqrt(var + eps));
        double unbiased = m > 1 ? var * m / (m - 1) : var;
        runningMean.value[ch] = (1 - momentum) * runningMean.value[ch] + momentum * mean[ch];
        runningVar.value[ch] = (float) ((1 - momentum) * runningVar.value[ch] + momentum * unbiased);
      }
    } else {
      for (int ch = 0; ch < c; ch++) {
        mean[ch] = runningMean.value[ch];
        invStd[ch] = (float) (1.0 / Math.sqrt((double) runningVar.value[ch] + eps));
      }
    }
    // y = x · k1 + k2 with k1 = γ·invStd, k2 = β − mean·k1.
    for (int ch = 0; ch < c; ch++) {
      k1[ch] = gamma.value[ch] * invStd[ch];
      k2[ch] = beta.value[ch] - mean[ch] * k1[ch];
    }
    final boolean vec = vectorised;
    Simd.forBatch(n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int src = in.offset + b * in.sampleSize();
        int dst = out.offset + b * out.sampleSize();
        if (vec) {
          BnKernels.affineVector(in.data, src, out.data, dst, h * w, c, k1, k2);
        } else {
          BnKernels.affineScalar(in.data, src, out.data, dst, h * w, c, k1, k2);
        }
      }
    });
  }

  /** partA[b][ch] = Σ_pixels (x − centre)^(1 or 2) for each sample b. */
  private void channelSums(Tensor in, float[] centre, boolean squared) {
    final float[] part = partA;
    final boolean vec = vectorised;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int src = in.offset + b * in.sampleSize();
        Arrays.fill(part, b * c, (b + 1) * c, 0f);
        if (vec) {
          BnKernels.sumsVector(in.data, src, h * w, c, centre, squared, part, b * c);
        } else {
          BnKernels.sumsScalar(in.data, src, h * w, c, centre, squared, part, b * c);
        }
      }
    });
  }

  private double sumOverSamples(float[] part, int n, int ch) {
    double s = 0;
    for (int b = 0; b < n; b++) {
      s += part[b * c + ch];
    }
    return s;
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    Simd.checkSample(dOut, h, w, c, "BatchNorm dOut");
    Simd.checkBatch(in, dOut);
    final int n = in.n;
    final long m = (long) n * h * w;
    partA = Simd.grow(partA, n * c);
    partB = Simd.grow(partB, n * c);
    final float[] pa = partA;
    final float[] pb = partB;
    final boolean vec = vectorised;
    // Σ dy and Σ dy·x̂ per sample and channel.
    Simd.forBatch(n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        Arrays.fill(pa, b * c, (b + 1) * c, 0f);
        Arrays.fill(pb, b * c, (b + 1) * c, 0f);
        int x = in.offset + b * in.sampleSize();
        int dy = dOut.offset + b * dOut.sampleSize();
        if (vec) {
          BnKernels.gradSumsVector(in.data, x, dOut.data, dy, h * w, c, mean, invStd, pa, pb, b * c);
        } else {
          BnKernels.gradSumsScalar(in.data, x, dOut.data, dy, h * w, c, mean, invStd, pa, pb, b * c);
        }
      }
    });
    for (int ch = 0; ch < c; ch++) {
      double sumDy = sumOverSamples(pa, n, ch);
      double sumDyXhat = sumOverSamples(pb, n, ch);
      gamma.grad[ch] += (float) sumDyXhat;
      beta.grad[ch] += (float) sumDy;
      // dx = k1·(dy − k2 − x̂·k3); with frozen (running) statistics the mean terms vanish.
      k1[ch] = gamma.value[ch] * invStd[ch];
      k2[ch] = lastTraining ? (float) (sumDy / m) : 0f;
      k3[ch] = lastTraining ? (float) (sumDyXhat / m) : 0f;
    }
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dIn, h, w, c, "BatchNorm dIn");
    Simd.forBatch(n, in.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int x = in.offset + b * in.sampleSize();
        int dy = dOut.offset + b * dOut.sampleSize();
        int dx = dIn.offset + b * dIn.sampleSize();
        if (vec) {
          BnKernels.inputGradVector(in.data, x, dOut.data, dy, dIn.data, dx, h * w, c, mean, invStd,
              k1, k2, k3);
        } else {
          BnKernels.inputGradScalar(in.data, x, dOut.data, dy, dIn.data, dx, h * w, c, mean, invStd,
              k1, k2, k3);
        }
      }
    });
  }
}
