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
}
