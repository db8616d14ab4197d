package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Shared plumbing for the layer kernels: the vector species, the default scalar/vector switch and
 * a batch dispatcher that skips the thread pool when the work is too small to pay for it.
 */
final class Simd {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** {@code -Dcnnc.scalar=true} runs the scalar reference twins everywhere (debugging aid). */
  static final boolean VECTOR_DEFAULT = !Boolean.getBoolean("cnnc.scalar");

  /**
   * Whether a kernel may finish a channel row with one masked vector instead of a scalar tail.
   * Measured on JDK 25: LeNet-5's 6-channel average pool (batch 4, forward and backward) 24.6 µs and
   * 70 bytes allocated; on JDK 17 masked loads and stores are not compiled to instructions and the
   * same pair took 1098 µs and allocated 1.4 MB. JDK 21–24 were not measured and keep the scalar
   * tail.
   */
  static final boolean MASKED_TAILS = Runtime.version().feature() >= 25;

  /** Below this many floats touched, a parallel-for costs more than it saves. */
  private static final long PARALLEL_MIN_WORK = 1 << 15;

  private Simd() {}

  /**
   * Runs body over samples [0, n), in parallel only if n · perSample is large enough. Each sample
   * is processed identically either way, so results never depend on the thread count.
   */
  static void forBatch(int n, long perSample, Parallel.RangeBody body) {
    if (n <= 0) {
      return;
    }
    if (n == 1 || (long) n * perSample < PARALLEL_MIN_WORK) {
      body.run(0, 0, n);
    } else {
      Parallel.forRange(n, body);
    }
  }

  /** Returns buf if it holds at least size floats, else a new array (grows once, then reused). */
  static float[] grow(float[] buf, int size) {
    return buf != null && buf.length >= size ? buf : new float[size];
  }

  static void checkSample(Tensor t, int h, int w, int c, String what) {
    if (t.h != h || t.w != w || t.c != c) {
      throw new IllegalArgumentException(what + ": expected ?x" + h + "x" + w + "x" + c + ", got " + t);
    }
  }

  static void checkBatch(Tensor a, Tensor b) {
    if (a.n != b.n) {
      throw new IllegalArgumentException("batch mismatch: " + a + " vs " + b);
    }
  }

  static void checkSize(Tensor t, int sampleSize, String what) {
    if (t.sampleSize() != sampleSize) {
      throw new IllegalArgumentException(what + ": expected " + sampleSize + " floats per sample, got " + t);
    }
  }
}
