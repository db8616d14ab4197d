package dev.cnnc.runtime.gemm;

import java.util.Arrays;

/**
 * Packs a stored matrix as GEMM operand A: op(A) = alpha·A (A stored m×k) or alpha·Aᵀ (A stored
 * k×m); alpha is folded in while packing. Mutable and reusable: a layer keeps one and re-points it each call (no allocation).
 */
public final class MatrixA implements APacker {
  float[] a;
  int off;
  int ld;
  boolean trans;
  float alpha;

  /** Points this packer at a matrix; returns this. */
  public MatrixA set(float[] a, int off, int ld, boolean trans, float alpha) {
    this.a = a;
    this.off = off;
    this.ld = ld;
    this.trans = trans;
    this.alpha = alpha;
    return this;
  }

  @Override
  public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
    final int mrMax = Kernel.MR;
    for (int r = 0; r * mrMax < mc; r++) {
      int i = i0 + r * mrMax;
      int mr = Math.min(mrMax, mc - r * mrMax);
      int d = dOff + r * kc * mrMax;
      if (!trans) {
        for (int ii = 0; ii < mr; ii++) {
          int src = off + (i + ii) * ld + p0;
          for (int p = 0; p < kc; p++) {
            dst[d + p * mrMax + ii] = alpha * a[src + p];
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = off + (p0 + p) * ld + i;
          int dp = d + p * mrMax;
          for (int ii = 0; ii < mr; ii++) {
            dst[dp + ii] = alpha * a[src + ii];
          }
        }
      }
      if (mr < mrMax) {
        for (int p = 0; p < kc; p++) {
          Arrays.fill(dst, d + p * mrMax + mr, d + (p + 1) * mrMax, 0f);
        }
      }
    }
  }
}
