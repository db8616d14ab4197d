package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Elementwise activation, one class for all kinds (the kind is a constructor argument).
 *
 * <p>The backward pass reads only {@code out} and {@code dOut}, never {@code in}: every kind's
 * derivative is a function of its output (for ELU: out + α where x ≤ 0; ReLU/leaky/ELU test
 * out &gt; 0, which equals x &gt; 0 for α &gt; 0). So the generator may run this layer in place
 * ({@code in == out}), and dIn may alias dOut.
 */
public final class Activation implements Layer {
  /** The supported kinds; α is used by LEAKYRELU and ELU only. */
  public enum Kind {
    RELU,
    LEAKYRELU,
    ELU,
    TANH,
    /** LeCun's 1.7159 · tanh(2x/3). */
    SCALEDTANH,
    SIGMOID
  }

  static final float SCALED_A = 1.7159f;
  static final float SCALED_B = 2f / 3f;

  private final int size;
  private final Kind kind;
  private final float alpha;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  /** @param alpha slope for LEAKYRELU (e.g. 0.01), scale for ELU (e.g. 1); ignored otherwise */
  public Activation(int h, int w, int c, Kind kind, float alpha) {
    this.size = h * w * c;
    this.kind = kind;
    this.alpha = alpha;
  }

  public Activation(int h, int w, int c, Kind kind) {
    this(h, w, c, kind, kind == Kind.LEAKYRELU ? 0.01f : 1f);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSize(in, size, "Activation input");
    Simd.checkSize(out, size, "Activation output");
    Simd.checkBatch(in, out);
    final boolean vec = vectorised;
    Simd.forBatch(in.n, size, (chunk, from, to) -> {
      int len = (to - from) * size;
      int src = in.offset + from * size;
      int dst = out.offset + from * size;
      if (vec) {
        forwardVector(kind, alpha, in.data, src, out.data, dst, len);
      } else {
        forwardScalar(kind, alpha, in.data, src, out.data, dst, len);
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSize(dOut, size, "Activation dOut");
    Simd.checkSize(dIn, size, "Activation dIn");
    Simd.checkBatch(out, dOut);
    final boolean vec = vectorised;
    Simd.forBatch(out.n, size, (chunk, from, to) -> {
      int len = (to - from) * size;
      int y = out.offset + from * size;
      int g = dOut.offset + from * size;
      int d = dIn.offset + from * size;
      if (vec) {
        backwardVector(kind, alpha, out.data, y, dOut.data, g, dIn.data, d, len);
      } else {
        backwardScalar(kind, alpha, out.data, y, dOut.data, g, dIn.data, d, len);
      }
    });
  }

  // y[i] = f(x[i]) over a flat range of len floats.
  static void forwardVector(Kind kind, float alpha, float[] x, int xo, float[] y, int yo, int len) {
    final int bound = Simd.F.loopBound(len);
    final FloatVector one = FloatVector.broadcast(Simd.F, 1f);
    int i = 0;
    for (; i < bound; i += Simd.F.length()) {
      FloatVector v = FloatVector.fromArray(Simd.F, x, xo + i);
      FloatVector r;
      switch (kind) {
        case RELU -> r = v.max(0f);
        case LEAKYRELU -> r = v.blend(v.mul(alpha), v.compare(VectorOperators.LE, 0f));
        case ELU -> r = v.blend(v.lanewise(VectorOperators.EXPM1).mul(alpha),
            v.compare(VectorOperators.LE, 0f));
        case TANH -> r = v.lanewise(VectorOperators.TANH);
        case SCALEDTANH -> r = v.mul(SCALED_B).lanewise(VectorOperators.TANH).mul(SCALED_A);
        case SIGMOID -> r = one.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
        default -> throw new AssertionError(kind);
      }
      r.intoArray(y, yo + i);
    }
    forwardScalar(kind, alpha, x, xo + i, y, yo + i, len - i);
  }

  static void forwardScalar(Kind kind, float alpha, float[] x, int xo, float[] y, int yo, int len) {
    for (int i = 0; i < len; i++) {
      float v = x[xo + i];
      y[yo + i] = switch (kind) {
        case RELU -> Math.max(v, 0f);
        case LEAKYRELU -> v > 0f ? v : alpha * v;
        case ELU -> v > 0f ? v : alpha * (float) Math.expm1(v);
        case TANH -> (float) Math.tanh(v);
        case SCALEDTANH -> SCALED_A * (float) Math.tanh(SCALED_B * v);
        case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-v)));
      };
    }
  }

  // dx[i] = dy[i] · f'(x[i]), with f' written in terms of y = f(x).
  static void backwardVector(Kind kind, float alpha, float[] y, int yo, float[] dy, int go,
      float[] dx, int dxo, int len) {
    final int bound = Simd.F.loopBound(len);
    final float tanhK = SCALED_B / SCALED_A;
    final float aa = SCALED_A * SCALED_A;
    int i = 0;
    for (; i < bound; i += Simd.F.length()) {
      FloatVector v = FloatVector.fromArray(Simd.F, y, yo + i);
      FloatVector g = FloatVector.fromArray(Simd.F, dy, go + i);
      FloatVector r;
      switch (kind) {
        case RELU -> r = g.blend(0f, v.compare(VectorOperators.LE, 0f));
        case LEAKYRELU -> r = g.blend(g.mul(alpha), v.compare(VectorOperators.LE, 0f));
        case ELU -> r = g.blend(g.mul(v.add(alpha)), v.compare(VectorOperators.LE, 0f));
        case TANH -> r = g.mul(v.mul(v).neg().add(1f));
        case SCALEDTANH -> r = g.mul(v.mul(v).neg().add(aa).mul(tanhK));
        case SIGMOID -> r = g.mul(v.mul(v.neg().add(1f)));
        default -> throw new AssertionError(kind);
      }
      r.intoArray(dx, dxo + i);
    }
    backwardScalar(kind, alpha, y, yo + i, dy, go + i, dx, dxo + i, len - i);
  }

  static void backwardScalar(Kind kind, float alpha, float[] y, int yo, float[] dy, int go,
      float[] dx, int dxo, int len) {
    final float tanhK = SCALED_B / SCALED_A;
    final float aa = SCALED_A * SCALED_A;
    for (int i = 0; i < len; i++) {
      float v = y[yo + i];
      float g = dy[go + i];
      dx[dxo + i] = switch (kind) {
        case RELU -> v > 0f ? g : 0f;
        case LEAKYRELU -> v > 0f ? g : g * alpha;
        case ELU -> v > 0f ? g : g * (v + alpha);
        case TANH -> g * (1f - v * v);
        case SCALEDTANH -> g * ((aa - v * v) * tanhK);
        case SIGMOID -> g * (v * (1f - v));
      };
    }
  }
}
