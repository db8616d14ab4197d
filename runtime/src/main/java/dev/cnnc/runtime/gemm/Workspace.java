package dev.cnnc.runtime.gemm;

/**
 * Per-thread pack buffers, allocated on a thread's first GEMM and reused for ever after, so steady
 * state allocates nothing. Runtime worker threads are long-lived, which is what makes this cheap.
 */
final class Workspace {
  private static final ThreadLocal<Workspace> LOCAL = ThreadLocal.withInitial(Workspace::new);

  final float[] a = new float[Driver.MC * Driver.KC];
  final float[] tile = new float[Kernel.MR * Kernel.NR];
  private float[] b;
  private float[] row = new float[0];
  private float[] panel;
  private float[] deepB;

  static Workspace get() {
    return LOCAL.get();
  }

  /** The B block buffer, only for callers that pack B on the fly (2 MiB, so lazily). */
  float[] b() {
    if (b == null) {
      b = new float[Driver.KC * Driver.NC];
    }
    return b;
  }

  /** All K blocks of one NC block of B, for {@link ResidentCDriver} (grows to the largest). */
  float[] deepB(int n) {
    if (deepB == null || deepB.length < n) {
      deepB = new float[n];
    }
    return deepB;
  }

  /** One MC×NR panel of C, transposed, on its way to {@link TransposedAdd#addPanel}. */
  float[] panel() {
    if (panel == null) {
      panel = new float[Kernel.NR * Driver.MC];
    }
    return panel;
  }

  /** A scratch row of at least n floats (K-split reductions). */
  float[] row(int n) {
    if (row.length < n) {
      row = new float[n];
    }
    return row;
  }
}
