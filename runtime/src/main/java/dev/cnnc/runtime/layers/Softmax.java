package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax over the channels of each pixel (a 1-D batch is h = w = 1), numerically stable (the
 * per-pixel max is subtracted first). Vectorised over channels.
 *
 * <p>When the network ends in this layer and trains with cross-entropy, the generator should not
 * call {@link #backward}: use {@code SoftmaxCrossEntropy.fromProbabilities}, which writes the
 * gradient with respect to this layer's <em>input</em> (p − onehot) directly.
 */
public final class Softmax implements Layer {
  private final int h;
  private final int w;
  private final int c;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public Softmax(int h, int w, int c) {
    this.h = h;
    this.w = w;
    this.c = c;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSample(in, h, w, c, "Softmax input");
    Simd.checkSample(out, h, w, c, "Softmax output");
    Simd.checkBatch(in, out);
    final boolean vec = vectorised;
    final int pixels = h * w;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      for (int p = from * pixels; p < to * pixels; p++) {
        if (vec) {
          forwardVector(in.data, in.offset + p * c, out.data, out.offset + p * c, c);
        } else {
          forwardScalar(in.data, in.offset + p * c, out.data, out.offset + p * c, c);
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dOut, h, w, c, "Softmax dOut");
    Simd.checkSample(dIn, h, w, c, "Softmax dIn");
    Simd.checkBatch(out, dOut);
    final boolean vec = vectorised;
    final int pixels = h * w;
    Simd.forBatch(out.n, out.sampleSize(), (chunk, from, to) -> {
      for (int p = from * pixels; p < to * pixels; p++) {
        int y = out.offset + p * c;
        int g = dOut.offset + p * c;
        int d = dIn.offset + p * c;
        if (vec) {
          backwardVector(out.data, y, dOut.data, g, dIn.data, d, c);
        } else {
          backwardScalar(out.data, y, dOut.data, g, dIn.data, d, c);
        }
      }
    });
  }

  // One pixel: y[0..c) = exp(x − max) / Σ exp(x − max).
  static void forwardVector(float[] x, int xo, float[] y, int yo, int c) {
    final int bound = Simd.F.loopBound(c);
    float max = Float.NEGATIVE_INFINITY;
    int i = 0;
    if (bound > 0) {
      FloatVector m = FloatVector.broadcast(Simd.F, Float.NEGATIVE_INFINITY);
      for (; i < bound; i += Simd.F.length()) {
        m = m.max(FloatVector.fromArray(Simd.F, x, xo + i));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; i < c; i++) {
      max = Math.max(max, x[xo + i]);
    }
    float sum = 0f;
    i = 0;
    if (bound > 0) {
      FloatVector s = FloatVector.zero(Simd.F);
      for (; i < bound; i += Simd.F.length()) {
        FloatVector e = FloatVector.fromArray(Simd.F, x, xo + i).sub(max)
            .lanewise(VectorOperators.EXP);
        e.intoArray(y, yo + i);
        s = s.add(e);
      }
      sum = s.reduceLanes(VectorOperators.ADD);
    }
    for (; i < c; i++) {
      float e = (float) Math.exp(x[xo + i] - max);
      y[yo + i] = e;
      sum += e;
    }
    final float inv = 1f / sum;
    i = 0;
    for (; i < bound; i += Simd.F.length()) {
      FloatVector.fromArray(Simd.F, y, yo + i).mul(inv).intoArray(y, yo + i);
    }
    for (; i < c; i++) {
      y[yo + i] *= inv;
    }
  }

  static void forwardScalar(float[] x, int xo, float[] y, int yo, int c) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < c; i++) {
      max = Math.max(max, x[xo + i]);
    }
    float sum = 0f;
    for (int i = 0; i < c; i++) {
      float e = (float) Math.exp(x[xo + i] - max);
      y[yo + i] = e;
      sum += e;
    }
    final float inv = 1f / sum;
    for (int i = 0; i < c; i++) {
      y[yo + i] *= inv;
    }
  }

  // One pixel: dx = y ⊙ (dy − Σ dy·y).
  static void backwardVector(float[] y, int yo, float[] dy, int go, float[] dx, int dxo, int c) {
    final int bound = Simd.F.loopBound(c);
    float dot = 0f;
    int i = 0;
    if (bound > 0) {
      FloatVector s = FloatVector.zero(Simd.F);
      for (; i < bound; i += Simd.F.length()) {
        s = s.add(FloatVector.fromArray(Simd.F, y, yo + i)
            .mul(FloatVector.fromArray(Simd.F, dy, go + i)));
      }
      dot = s.reduceLanes(VectorOperators.ADD);
    }
    for (; i < c; i++) {
      dot += y[yo + i] * dy[go + i];
    }
    i = 0;
    for (; i < bound; i += Simd.F.length()) {
      FloatVector.fromArray(Simd.F, dy, go + i).sub(dot)
          .mul(FloatVector.fromArray(Simd.F, y, yo + i)).intoArray(dx, dxo + i);
    }
    for (; i < c; i++) {
      dx[dxo + i] = y[yo + i] * (dy[go + i] - dot);
    }
  }

  static void backwardScalar(float[] y, int yo, float[] dy, int go, float[] dx, int dxo, int c) {
    float dot = 0f;
    for (int i = 0; i < c; i++) {
      dot += y[yo + i] * dy[go + i];
    }
    for (int i = 0; i < c; i++) {
      dx[dxo + i] = y[yo + i] * (dy[go + i] - dot);
    }
  }
}
