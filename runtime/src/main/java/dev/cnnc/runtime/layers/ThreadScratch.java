package dev.cnnc.runtime.layers;

/**
 * A per-thread scratch array that grows to the largest request and is then reused, so kernels
 * running on the long-lived worker threads allocate nothing in steady state. Contents are not
 * cleared between uses.
 */
final class ThreadScratch {
  private final ThreadLocal<float[]> floats = ThreadLocal.withInitial(() -> new float[0]);
  private final ThreadLocal<int[]> ints = ThreadLocal.withInitial(() -> new int[0]);

  /** This thread's float array of at least n elements. */
  float[] floats(int n) {
    float[] a = floats.get();
    if (a.length < n) {
      a = new float[n];
      floats.set(a);
    }
    return a;
  }

  /** This thread's int array of at least n elements. */
  int[] ints(int n) {
    int[] a = ints.get();
    if (a.length < n) {
      a = new int[n];
      ints.set(a);
    }
    return a;
  }
}
