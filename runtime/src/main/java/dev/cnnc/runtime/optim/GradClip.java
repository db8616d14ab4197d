package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Gradient clipping by the global L2 norm over all trainable parameters (PyTorch semantics). */
public final class GradClip {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  /** Float partial sums cover at most this many elements before joining the double total. */
  private static final int BLOCK = 4096;

  private GradClip() {}

  /**
   * If the global norm exceeds maxNorm, scales every gradient by maxNorm / (norm + 1e-6).
   *
   * @return the global norm before clipping
   */
  public static double clipByGlobalNorm(List<Parameter> params, float maxNorm) {
    double sq = 0;
    for (Parameter p : params) {
      if (p.trainable()) {
        sq += sumOfSquares(p.grad);
      }
    }
    double norm = Math.sqrt(sq);
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (Parameter p : params) {
        if (p.trainable()) {
          scale(p.grad, scale);
        }
      }
    }
    return norm;
  }

  static double sumOfSquares(float[] g) {
    double total = 0;
    for (int start = 0; start < g.length; start += BLOCK) {
      int end = Math.min(g.length, start + BLOCK);
      int i = start;
      FloatVector acc = FloatVector.zero(F);
      for (int bound = start + F.loopBound(end - start); i < bound; i += F.length()) {
        FloatVector v = FloatVector.fromArray(F, g, i);
        acc = acc.add(v.mul(v));
      }
      double part = acc.reduceLanes(VectorOperators.ADD);
      for (; i < end; i++) {
        part += (double) g[i] * g[i];
      }
      total += part;
    }
    return total;
  }

  static void scale(float[] g, float s) {
    int i = 0;
    for (int bound = F.loopBound(g.length); i < bound; i += F.length()) {
      FloatVector.fromArray(F, g, i).mul(s).intoArray(g, i);
    }
    for (; i < g.length; i++) {
      g[i] *= s;
    }
  }
}
