package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * LeNet-5's Euclidean RBF output layer: y_j = Σ_i (x_i − w_ji)², one unit per class, where the
 * prototypes {@code <name>.prototypes} [units, in] are fixed (a non-trainable parameter). LeCun
 * used stylised 7×12 bitmaps of ±1; here each prototype entry is ±1 drawn from a SplittableRandom
 * seeded with {@code seed}, so the same seed gives the same prototypes. Lower output = better
 * match (use {@code Metrics} with lowerIsBetter). Backward gives dIn only.
 */
public final class Rbf implements Layer {
  private final int in;
  private final int units;
  private final Parameter prototypes;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public Rbf(String name, int h, int w, int c, int units, long seed) {
    this.in = h * w * c;
    this.units = units;
    this.prototypes = new Parameter(name + ".prototypes", false, units, in);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < prototypes.size(); i++) {
      prototypes.value[i] = rnd.nextBoolean() ? 1f : -1f;
    }
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(prototypes);
  }

  @Override
  public void forward(Tensor x, Tensor out, boolean training) {
    Simd.checkSize(x, in, "Rbf input");
    Simd.checkSize(out, units, "Rbf output");
    Simd.checkBatch(x, out);
    final float[] wt = prototypes.value;
    final boolean vec = vectorised;
    Simd.forBatch(x.n, (long) in * units, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int xo = x.offset + b * in;
        for (int j = 0; j < units; j++) {
          out.data[out.offset + b * units + j] = vec
              ? distanceVector(x.data, xo, wt, j * in, in)
              : distanceScalar(x.data, xo, wt, j * in, in);
        }
      }
    });
  }

  @Override
  public void backward(Tensor x, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSize(dIn, in, "Rbf dIn");
    Simd.checkSize(dOut, units, "Rbf dOut");
    final float[] wt = prototypes.value;
    final boolean vec = vectorised;
    Simd.forBatch(x.n, (long) in * units, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int xo = x.offset + b * in;
        int d = dIn.offset + b * in;
        // dx_i = 2 Σ_j dy_j (x_i − w_ji) = 2 (x_i Σ_j dy_j − Σ_j dy_j w_ji)
        float sumDy = 0f;
        for (int j = 0; j < units; j++) {
          sumDy += dOut.data[dOut.offset + b * units + j];
        }
        for (int i = 0; i < in; i++) {
          dIn.data[d + i] = 2f * sumDy * x.data[xo + i];
        }
        for (int j = 0; j < units; j++) {
          float a = -2f * dOut.data[dOut.offset + b * units + j];
          axpy(a, wt, j * in, dIn.data, d, in, vec);
        }
      }
    });
  }

  // Σ_i (x_i − w_i)² over one prototype row.
  static float distanceVector(float[] x, int xo, float[] w, int wo, int len) {
    FloatVector acc = FloatVector.zero(Simd.F);
    int i = 0;
    for (int bound = Simd.F.loopBound(len); i < bound; i += Simd.F.length()) {
      FloatVector d = FloatVector.fromArray(Simd.F, x, xo + i)
          .sub(FloatVector.fromArray(Simd.F, w, wo + i));
      acc = acc.add(d.mul(d));
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float d = x[xo + i] - w[wo + i];
      s += d * d;
    }
    return s;
  }

  static float distanceScalar(float[] x, int xo, float[] w, int wo, int len) {
    float s = 0f;
    for (int i = 0; i < len; i++) {
      float d = x[xo + i] - w[wo + i];
      s += d * d;
    }
    return s;
  }

  // y[0..len) += a · x[0..len)
  static void axpy(float a, float[] x, int xo, float[] y, int yo, int len, boolean vec) {
    int i = 0;
    if (vec) {
      for (int bound = Simd.F.loopBound(len); i < bound; i += Simd.F.length()) {
        FloatVector.fromArray(Simd.F, x, xo + i).mul(a)
            .add(FloatVector.fromArray(Simd.F, y, yo + i)).intoArray(y, yo + i);
      }
    }
    for (; i < len; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }
}
