package dev.cnnc.runtime.gemm;

/**
 * Supplies op(A) (M×K) to the GEMM driver by packing a block of it into MR-row micro-panels.
 * Implementations may compute elements on the fly (im2col) instead of reading a stored matrix, which
 * is how convolutions avoid materialising the column buffer. Runtime-internal SPI, public only so
 * the layer package can implement it.
 */
public interface APacker {
  /**
   * Packs rows [i0, i0 + mc) and columns [p0, p0 + kc) of op(A). Panel r (rows i0 + r·MR …) starts at
   * {@code dst[dOff + r·kc·MR]}; inside it element (i, p) is at {@code (p - p0)·MR + (i - i0 - r·MR)}.
   * Rows past mc in the last panel must be written as zeros.
   */
  void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc);
}
