package dev.cnnc.runtime.gemm;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packs a stored matrix as GEMM operand A: op(A) = alpha·A (A stored m×k) or alpha·Aᵀ (A stored
 * k×m); alpha is folded in while packing. Mutable and reusable: a layer keeps one and re-points it
 * each call (no allocation).
 */
public final class MatrixA implements APacker {
  /**
   * Runs only on JDK 25 and later. When the runs were 256-bit, JDK 17's C2 stopped inlining the
   * Vector API calls that had seen both sizes and every vector operation in the kernels allocated
   * (10×10×32 → 64 3×3 convolution, batch 4, forward and backward: 2.16 MB per step with runs;
   * JDK 25: 104 bytes). Runs of the kernel's own size were not measured on JDK 17; JDK 17–24 take
   * the element loop.
   */
  private static final boolean VECTOR_RUNS =
      Runtime.version().feature() >= 25 && Kernel.V >= Kernel.MR;

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

  /**
   * Transposed A, full panel: each K step is a run of MR contiguous floats in a stored row, copied
   * as one vector whose spare lanes the next steps overwrite, instead of element by element (a
   * convolution's weight gradient packs dZᵀ this way). Stops before the panel's last steps (their
   * spare lanes would land in the next panel) and before reading past the array; returns the first
   * step left to the caller.
   *
   * <p>Whole vectors of the kernel's own species (16 lanes on AVX-512: 6 values and 10 spare), not
   * a narrower one that would just fit. The runtime keeps to one vector size because the Vector
   * API's methods keep one type profile for every caller: once it has seen two sizes, a recompiled
   * kernel can leave its vectors boxed (an 8-lane run here made ResNet-18's stem run at a fifth of
   * its speed in a JVM that had run the Fashion CNN first; docs/runtime.md).
   */
  private int packRuns(float[] dst, int d, int i, int p0, int kc) {
    int p = 0;
    int src = off + p0 * ld + i;
    for (; p + Gemm.RUN_SPILL_STEPS < kc && src + Kernel.V <= a.length; p++, src += ld) {
      FloatVector.fromArray(Kernel.S, a, src).mul(alpha).intoArray(dst, d + p * Kernel.MR);
    }
    return p;
  }

  @Override
  public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
    final int mrMax = Kernel.MR;
    for (int r = 0; r * mrMax < mc; r++) {
      int i = i0 + r * mrMax;
      int mr = Math.min(mrMax, mc - r * mrMax);
      int d = dOff + r * kc * mrMax;
      if (!trans && mr == mrMax && RowPanel.VECTORISED) {
        int src = off + i * ld + p0;
        RowPanel.pack(a, src, src + ld, src + 2 * ld, src + 3 * ld, src + 4 * ld, src + 5 * ld, kc,
            dst, d);
        if (alpha != 1f) {
          for (int q = d; q < d + kc * mrMax; q++) {
            dst[q] *= alpha;
          }
        }
      } else if (!trans) {
        for (int ii = 0; ii < mr; ii++) {
          int src = off + (i + ii) * ld + p0;
          for (int p = 0; p < kc; p++) {
            dst[d + p * mrMax + ii] = alpha * a[src + p];
          }
        }
      } else {
        int p = mr == mrMax && VECTOR_RUNS ? packRuns(dst, d, i, p0, kc) : 0;
        for (; p < kc; p++) {
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
