package dev.cnnc.runtime.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel: an MR×NR tile of C from an MR-row panel of packed A and an
 * NR-column panel of packed B. The species is the platform's preferred one (16 floats on AVX-512),
 * NR = 2 vectors and MR = 6, so the 12 accumulators, 2 B vectors and 1 broadcast fit the 16 (AVX2)
 * or 32 (AVX-512) vector registers with no spills.
 */
final class Kernel {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int V = S.length();
  static final int MR = 6;
  static final int NR = 2 * V;

  /**
   * Whether {@link #computeMerge} stores full tiles from the registers: on JDK 25. JDK 17's C2 boxes
   * the accumulators of the larger method (a warmed-up LeNet-5 forward allocated 11.8 MB), so there
   * every tile goes through the buffer as before.
   */
  static final boolean FUSED = Runtime.version().feature() >= 25;

  private static final float[] ONES = new float[NR];
  private static final float[] MINUS_ZEROS = new float[NR];

  static {
    java.util.Arrays.fill(ONES, 1f);
    java.util.Arrays.fill(MINUS_ZEROS, -0f);
  }

  private Kernel() {}

  /**
   * tile = Ap · B, overwriting. // A: MR×kc (packed, p-major), B: kc×NR with row p at
   * b[bo + p·ldb] (ldb = NR for a packed panel, the matrix's row length when B is read in place),
   * tile: MR×NR row-major. Accumulating into a small tile (instead of C) keeps one store path for
   * full and edge tiles, so an element's arithmetic never depends on where a thread partition or
   * block edge falls, nor on whether B was packed. (A constant NR stride measured no faster.)
   * The loop is written out again in {@link #computeMerge} on purpose: with compute calling that
   * larger method, JDK 17 boxed the accumulators (a LeNet-5 forward allocated 20 MB).
   */
  static void compute(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] tile) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ao += MR;
      bo += ldb;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, V);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + V);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + V);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + V);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + V);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + V);
  }

  /**
   * {@link #compute} then {@link #merge}, in one: a full tile goes from the accumulators straight to
   * C (C = acc + beta·C, then the epilogue), without the round trip through the tile buffer; an
   * edge tile takes the two steps. The same operations in the same order, so the same floats either
   * way. Same JVM, interleaved, 1 thread, batch 8: convolution forward passes 1.05–1.14× as fast,
   * backward 1.03×; with the epilogue too, a one-K-block layer with bias and ReLU (Fashion CNN's
   * conv1, batch 64) 1.42× on 1 thread and 1.51× on 2. (The epilogue in a helper method called per
   * vector instead: 0.82–0.89×, the JIT compiled the kernel worse.)
   */
  static void computeMerge(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] tile,
      int mr, int nr, float[] c, int cOff, int ldc, int[] cRows, int rowIdx, float beta,
      boolean epi, float[] scale, float[] shift, int e, boolean relu) {
    if (mr != MR || nr != NR || !FUSED) {
      compute(kc, a, ao, b, bo, ldb, tile);
      merge(tile, mr, nr, c, cOff, ldc, cRows, rowIdx, beta, epi, scale, shift, e, relu);
      return;
    }
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, bo);
      FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
      FloatVector x = FloatVector.broadcast(S, a[ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ao += MR;
      bo += ldb;
    }
    int r;
    if (!epi || (scale == null && shift == null && !relu)) {
      r = cRows == null ? cOff : cOff + cRows[rowIdx];
      if (beta == 0f) {
        c00.intoArray(c, r);
        c01.intoArray(c, r + V);
      } else {
        c00.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c01.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      r = cRows == null ? cOff + ldc : cOff + cRows[rowIdx + 1];
      if (beta == 0f) {
        c10.intoArray(c, r);
        c11.intoArray(c, r + V);
      } else {
        c10.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c11.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      r = cRows == null ? cOff + 2 * ldc : cOff + cRows[rowIdx + 2];
      if (beta == 0f) {
        c20.intoArray(c, r);
        c21.intoArray(c, r + V);
      } else {
        c20.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c21.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      r = cRows == null ? cOff + 3 * ldc : cOff + cRows[rowIdx + 3];
      if (beta == 0f) {
        c30.intoArray(c, r);
        c31.intoArray(c, r + V);
      } else {
        c30.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c31.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      r = cRows == null ? cOff + 4 * ldc : cOff + cRows[rowIdx + 4];
      if (beta == 0f) {
        c40.intoArray(c, r);
        c41.intoArray(c, r + V);
      } else {
        c40.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c41.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      r = cRows == null ? cOff + 5 * ldc : cOff + cRows[rowIdx + 5];
      if (beta == 0f) {
        c50.intoArray(c, r);
        c51.intoArray(c, r + V);
      } else {
        c50.add(FloatVector.fromArray(S, c, r).mul(beta)).intoArray(c, r);
        c51.add(FloatVector.fromArray(S, c, r + V).mul(beta)).intoArray(c, r + V);
      }
      return;
    }
    // The epilogue: a missing scale is ×1 and a missing shift + (−0), both exact for every float.
    float[] sc = scale != null ? scale : ONES;
    int se = scale != null ? e : 0;
    float[] sh = shift != null ? shift : MINUS_ZEROS;
    int he = shift != null ? e : 0;
    FloatVector s0 = FloatVector.fromArray(S, sc, se);
    FloatVector s1 = FloatVector.fromArray(S, sc, se + V);
    FloatVector h0 = FloatVector.fromArray(S, sh, he);
    FloatVector h1 = FloatVector.fromArray(S, sh, he + V);
    r = cRows == null ? cOff : cOff + cRows[rowIdx];
    if (beta != 0f) {
      c00 = c00.add(FloatVector.fromArray(S, c, r).mul(beta));
      c01 = c01.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c00 = c00.mul(s0).add(h0);
    c01 = c01.mul(s1).add(h1);
    if (relu) {
      c00 = c00.max(0f);
      c01 = c01.max(0f);
    }
    c00.intoArray(c, r);
    c01.intoArray(c, r + V);
    r = cRows == null ? cOff + ldc : cOff + cRows[rowIdx + 1];
    if (beta != 0f) {
      c10 = c10.add(FloatVector.fromArray(S, c, r).mul(beta));
      c11 = c11.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c10 = c10.mul(s0).add(h0);
    c11 = c11.mul(s1).add(h1);
    if (relu) {
      c10 = c10.max(0f);
      c11 = c11.max(0f);
    }
    c10.intoArray(c, r);
    c11.intoArray(c, r + V);
    r = cRows == null ? cOff + 2 * ldc : cOff + cRows[rowIdx + 2];
    if (beta != 0f) {
      c20 = c20.add(FloatVector.fromArray(S, c, r).mul(beta));
      c21 = c21.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c20 = c20.mul(s0).add(h0);
    c21 = c21.mul(s1).add(h1);
    if (relu) {
      c20 = c20.max(0f);
      c21 = c21.max(0f);
    }
    c20.intoArray(c, r);
    c21.intoArray(c, r + V);
    r = cRows == null ? cOff + 3 * ldc : cOff + cRows[rowIdx + 3];
    if (beta != 0f) {
      c30 = c30.add(FloatVector.fromArray(S, c, r).mul(beta));
      c31 = c31.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c30 = c30.mul(s0).add(h0);
    c31 = c31.mul(s1).add(h1);
    if (relu) {
      c30 = c30.max(0f);
      c31 = c31.max(0f);
    }
    c30.intoArray(c, r);
    c31.intoArray(c, r + V);
    r = cRows == null ? cOff + 4 * ldc : cOff + cRows[rowIdx + 4];
    if (beta != 0f) {
      c40 = c40.add(FloatVector.fromArray(S, c, r).mul(beta));
      c41 = c41.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c40 = c40.mul(s0).add(h0);
    c41 = c41.mul(s1).add(h1);
    if (relu) {
      c40 = c40.max(0f);
      c41 = c41.max(0f);
    }
    c40.intoArray(c, r);
    c41.intoArray(c, r + V);
    r = cRows == null ? cOff + 5 * ldc : cOff + cRows[rowIdx + 5];
    if (beta != 0f) {
      c50 = c50.add(FloatVector.fromArray(S, c, r).mul(beta));
      c51 = c51.add(FloatVector.fromArray(S, c, r + V).mul(beta));
    }
    c50 = c50.mul(s0).add(h0);
    c51 = c51.mul(s1).add(h1);
    if (relu) {
      c50 = c50.max(0f);
      c51 = c51.max(0f);
    }
    c50.intoArray(c, r);
    c51.intoArray(c, r + V);
  }

  /**
   * C = tile + beta·C, then (only when {@code epi}) C = C·scale[e] + shift[e] and max(C, 0) if relu,
   * for the mr×nr corner of the tile. // tile: MR×NR, C: mr×nr at c[cOff] with row stride ldc, or
   * row i at c[cOff + cRows[rowIdx + i]] when cRows is given (scattered rows).
   * beta == 0 never reads C (it may hold garbage or NaN). Vector and scalar tails use the same
   * separately rounded operations, so results are identical whichever path an element takes.
   */
  static void merge(float[] tile, int mr, int nr, float[] c, int cOff, int ldc, int[] cRows,
      int rowIdx, float beta, boolean epi, float[] scale, float[] shift, int e, boolean relu) {
    boolean doScale = epi && scale != null;
    boolean doShift = epi && shift != null;
    boolean doRelu = epi && relu;
    for (int i = 0; i < mr; i++) {
      int row = cRows == null ? cOff + i * ldc : cOff + cRows[rowIdx + i];
      int t = i * NR;
      int j = 0;
      for (; j + V <= nr; j += V) {
        FloatVector v = FloatVector.fromArray(S, tile, t + j);
        if (beta != 0f) {
          v = v.add(FloatVector.fromArray(S, c, row + j).mul(beta));
        }
        if (doScale) {
          v = v.mul(FloatVector.fromArray(S, scale, e + j));
        }
        if (doShift) {
          v = v.add(FloatVector.fromArray(S, shift, e + j));
        }
        if (doRelu) {
          v = v.max(0f);
        }
        v.intoArray(c, row + j);
      }
      for (; j < nr; j++) {
        float v = tile[t + j];
        if (beta != 0f) {
          v = v + c[row + j] * beta;
        }
        if (doScale) {
          v = v * scale[e + j];
        }
        if (doShift) {
          v = v + shift[e + j];
        }
        if (doRelu) {
          v = Math.max(v, 0f);
        }
        c[row + j] = v;
      }
    }
  }
}
