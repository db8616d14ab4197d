package dev.cnnc.runtime.gemm;

/**
 * The cache-blocked loop nest (Goto/BLIS order) run by one thread over one C block (a deep
 * product with a small B goes to {@link ResidentCDriver} instead).
 * jc (NC columns, B block in L3) → pc (KC deep) → pack B → ic (MC rows) → pack A (L2) →
 * jr (NR panel of B, stays in L1) → ir (MR panel of A) → micro-kernel.
 * KC·NR·4 B = 32 KiB of B in L1 and MC·KC·4 B = 192 KiB of A in L2 suit Zen 4/5 and recent Intel.
 */
final class Driver {
  static final int KC = 256;
  static final int MC = 32 * Kernel.MR;
  static final int NC = 2048;
  /** Up to this K a product added transposed runs as one K block (see {@link #run}). */
  static final int TR_ONE_BLOCK_MAX_K = 2 * KC;

  private Driver() {}

  /**
   * C[0..m, 0..n) = op(A)[i0.., p0..]·op(B)[p0.., j0..] + beta·C, then the epilogue (scale, shift,
   * relu on column e + j) once the last K block is in. // A: m×k (rows from i0), B: k×n (cols from
   * j0, a multiple of NR), K from p0 (a multiple of KC when pb is given), C: m×n at c[cOff] with
   * stride ldc, or with row i at c[cOff + cRows[i0 + i]]. B comes pre-packed (pb) or from bp,
   * packed here a block at a time or, for few rows ({@link Gemm#readsBInPlace}), read in place.
   */
  static void run(int m, int n, int k, APacker ap, int i0, BPacker bp, PackedB pb, int j0, int p0,
      float beta, float[] c, int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e,
      boolean relu) {
    run(m, n, k, ap, i0, bp, pb, j0, p0, beta, c, cOff, ldc, cRows, scale, shift, e, relu, null);
  }

  /**
   * As above, but with {@code tr} given the finished C is added transposed into tr's target
   * instead of written: C holds only the partial sums of earlier K blocks (none when K fits one
   * block, which for tr and an unpacked B means up to {@link #TR_ONE_BLOCK_MAX_K}), and
   * each MC×NR panel of the last block goes to the target while it is in L1. Rows and columns of
   * the target are C's global ones (i0 + i, j0 + j). No cRows or epilogue with tr.
   */
  static void run(int m, int n, int k, APacker ap, int i0, BPacker bp, PackedB pb, int j0, int p0,
      float beta, float[] c, int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e,
      boolean relu, TransposedAdd tr) {
    if (m <= 0 || n <= 0) {
      return;
    }
    Workspace ws = Workspace.get();
    float[] tile = ws.tile;
    if (k <= 0) {
      java.util.Arrays.fill(tile, 0f);
      for (int i = 0; i < m; i += Kernel.MR) {
        for (int j = 0; j < n; j += Kernel.NR) {
          Kernel.merge(tile, Math.min(Kernel.MR, m - i), Math.min(Kernel.NR, n - j), c,
              cRows == null ? cOff + i * ldc + j : cOff + j, ldc, cRows, i0 + i, beta, true, scale,
              shift, e + j, relu);
        }
      }
      return;
    }
    float[] apack = ws.a;
    // A B read in place is a row-major MatrixB: full NR-column panels straight from the matrix,
    // only a last partial panel packed (the kernel always reads NR columns).
    MatrixB rows = pb == null && Gemm.readsBInPlace(m, n, k, bp) ? (MatrixB) bp : null;
    if (ResidentCDriver.applies(m, n, k, rows, tr)) {
      ResidentCDriver.run(m, n, k, ap, i0, bp, pb, j0, p0, beta, c, cOff, ldc, cRows, scale, shift,
          e, relu);
      return;
    }
    // A transposed target with a short K takes it in one block (smaller MC and NC keep the A and B
    // blocks their usual size): then C is never written, where a second block would first write
    // all of C and read it back (from memory for a 512×4608 weight gradient). Not with a B packed
    // beforehand: that one is laid out in KC blocks.
    int kcMax = tr != null && pb == null && k <= TR_ONE_BLOCK_MAX_K ? k : KC;
    int mcMax = kcMax <= KC ? MC : MC * KC / kcMax / Kernel.MR * Kernel.MR;
    int ncMax = kcMax <= KC ? NC : NC * KC / kcMax / Kernel.NR * Kernel.NR;
    for (int jc = 0; jc < n; jc += ncMax) {
      int nc = Math.min(ncMax, n - jc);
      int full = nc / Kernel.NR * Kernel.NR;
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        float bet = pc == 0 ? beta : 1f;
        boolean last = pc + kc == k;
        float[] panel = tr != null && last ? ws.panel() : null;
        float[] bpack;
        int boff;
        if (pb != null) {
          bpack = pb.buffer();
          boff = pb.offset(p0 + pc, j0 + jc);
        } else if (rows != null) {
          bpack = ws.b();
          boff = -full * kc; // the partial panel sits at 0
          if (full < nc) {
            bp.packB(bpack, 0, j0 + jc + full, nc - full, p0 + pc, kc);
          }
        } else {
          bpack = ws.b();
          boff = 0;
          bp.packB(bpack, 0, j0 + jc, nc, p0 + pc, kc);
        }
        for (int ic = 0; ic < m; ic += mcMax) {
          int mc = Math.min(mcMax, m - ic);
          ap.packA(apack, 0, i0 + ic, mc, p0 + pc, kc);
          for (int jr = 0; jr < nc; jr += Kernel.NR) {
            int nr = Math.min(Kernel.NR, nc - jr);
            float[] b = bpack;
            int bo = boff + (jr / Kernel.NR) * kc * Kernel.NR;
            int ldb = Kernel.NR;
            if (rows != null && jr < full) {
              b = rows.b;
              bo = rows.off + (p0 + pc) * rows.ld + j0 + jc + jr;
              ldb = rows.ld;
            }
            for (int ir = 0; ir < mc; ir += Kernel.MR) {
              int mr = Math.min(Kernel.MR, mc - ir);
              int ao = (ir / Kernel.MR) * kc * Kernel.MR;
              int at = cRows == null ? cOff + (ic + ir) * ldc + jc + jr : cOff + jc + jr;
              if (panel != null) {
                Kernel.compute(kc, apack, ao, b, bo, ldb, tile);
                TransposedAdd.collect(tile, mr, nr, c, at, ldc, bet, panel, ir);
              } else {
                Kernel.computeMerge(kc, apack, ao, b, bo, ldb, tile, mr, nr, c, at, ldc, cRows,
                    i0 + ic + ir, bet, last, scale, shift, e + jc + jr, relu);
              }
            }
            if (panel != null) {
              tr.addPanel(panel, mc, nr, i0 + ic, j0 + jc + jr);
            }
          }
        }
      }
    }
  }
}
