package dev.cnnc.runtime.gemm;

/**
 * Supplies op(B) (K×N) to the GEMM driver by packing a block of it into NR-column micro-panels.
 * Runtime-internal SPI, public only so the layer package can implement it.
 */
public interface BPacker {
  /**
   * Packs rows [p0, p0 + kc) and columns [j0, j0 + nc) of op(B). Panel s (columns j0 + s·NR …) starts
   * at {@code dst[dOff + s·kc·NR]}; inside it element (p, j) is at {@code (p - p0)·NR + (j - j0 - s·NR)}.
   * Columns past nc in the last panel must be written as zeros.
   */
  void packB(float[] dst, int dOff, int j0, int nc, int p0, int kc);

  /**
   * Whether packing is a plain copy of stored rows (about 0.1 ns a float, a transposing packer
   * three times that), cheap enough for threads that split C's rows into a few blocks each to pack
   * all of B themselves rather than share one packed copy ({@link Gemm#packsBPerThread}).
   */
  default boolean copiesRows() {
    return false;
  }
}
