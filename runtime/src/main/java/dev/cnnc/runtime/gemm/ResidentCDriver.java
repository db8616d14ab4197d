package dev.cnnc.runtime.gemm;

/**
 * The loop nest for a product several K blocks deep whose B, all of K, fits in L2 beside an A
 * block: jc → all of B packed (every K block) → ic (MC rows) → pc (KC deep) → pack A → jr → ir.
 * Each MC-row block of C then takes all of its K blocks while it sits in L2, where the Goto order
 * of {@link Driver} (pc outside ic) sweeps all of C once per K block — from memory when C is large
 * (a batch-64 convolution's 12,544 output pixels). Every tile still adds its K blocks in the same
 * order with the same kernel and merge, so the floats are those of {@link Driver}.
 *
 * <p>Same JVM, interleaved with the Goto order, 9 rounds (2026-11-26, `/tmp` harness over the
 * bench's convolutions at batch 64, time ratio Goto / this, 1 / 2 threads): ResNet-18 3×3 64
 * forward 1.30 / 1.28, backward 1.15 / 1.13; 3×3 128 forward 1.33 / 1.18; 3×3 stride-2 128
 * forward 1.32 / 1.27; Fashion CNN conv2 forward 1.27 / 1.28, conv3 forward 1.23 / 1.01; the
 * others 1.00–1.20, none slower. At batch 8, 1.00–1.27 on one thread, 0.98–1.08 on two. Whole
 * training on one thread: Fashion CNN at batch 64 1.12, ResNet-18 at batch 32 1.05.
 */
final class ResidentCDriver {
  /**
   * All of B (every K block of one NC block) up to this size (512 KiB) stays in L2 beside an A
   * block, so reading it again for every MC-row block costs next to nothing.
   */
  static final long L2_B_FLOATS = (1L << 19) / Float.BYTES;

  /**
   * C of this size or more (1 MiB, a Zen 4/5 L2) no longer stays in L2 between K blocks, so the
   * Goto order reads and writes it from L3 or memory once per K block ...
   */
  static final long BIG_C_FLOATS = (1L << 20) / Float.BYTES;

  /** ... which costs more than reading a B of up to this size (2.5 MiB) from L3 per MC block. */
  static final long L3_B_FLOATS = 640 * 1024;

  private ResidentCDriver() {}

  /**
   * Whether a product takes this order: more than one K block and one MC block, B packed (not
   * read in place), no transposed target, and B (one NC block, all of K) within L2, or C past L2
   * and B within {@link #L3_B_FLOATS}.
   */
  static boolean applies(int m, int n, int k, MatrixB inPlace, TransposedAdd tr) {
    int nc = Math.min(n, Driver.NC);
    long padded = (long) (nc + Kernel.NR - 1) / Kernel.NR * Kernel.NR;
    long b = k * padded;
    return tr == null && inPlace == null && k > Driver.KC && m > Driver.MC
        && (b <= L2_B_FLOATS || (m * padded >= BIG_C_FLOATS && b <= L3_B_FLOATS));
  }

  /** As {@link Driver#run} (same arguments, no transposed target). */
  static void run(int m, int n, int k, APacker ap, int i0, BPacker bp, PackedB pb, int j0, int p0,
      float beta, float[] c, int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e,
      boolean relu) {
    Workspace ws = Workspace.get();
    float[] tile = ws.tile;
    float[] apack = ws.a;
    for (int jc = 0; jc < n; jc += Driver.NC) {
      int nc = Math.min(Driver.NC, n - jc);
      int ncPad = (nc + Kernel.NR - 1) / Kernel.NR * Kernel.NR;
      float[] b;
      if (pb != null) {
        b = pb.buffer();
      } else {
        b = ws.deepB(k * ncPad); // K block pc at pc·ncPad, NR-column panels of kc×NR inside
        for (int pc = 0; pc < k; pc += Driver.KC) {
          bp.packB(b, pc * ncPad, j0 + jc, nc, p0 + pc, Math.min(Driver.KC, k - pc));
        }
      }
      for (int ic = 0; ic < m; ic += Driver.MC) {
        int mc = Math.min(Driver.MC, m - ic);
        for (int pc = 0; pc < k; pc += Driver.KC) {
          int kc = Math.min(Driver.KC, k - pc);
          float bet = pc == 0 ? beta : 1f;
          boolean last = pc + kc == k;
          int boff = pb != null ? pb.offset(p0 + pc, j0 + jc) : pc * ncPad;
          ap.packA(apack, 0, i0 + ic, mc, p0 + pc, kc);
          for (int jr = 0; jr < nc; jr += Kernel.NR) {
            int nr = Math.min(Kernel.NR, nc - jr);
            int bo = boff + (jr / Kernel.NR) * kc * Kernel.NR;
            for (int ir = 0; ir < mc; ir += Kernel.MR) {
              int mr = Math.min(Kernel.MR, mc - ir);
              int at = cRows == null ? cOff + (ic + ir) * ldc + jc + jr : cOff + jc + jr;
              Kernel.computeMerge(kc, apack, (ir / Kernel.MR) * kc * Kernel.MR, b, bo, Kernel.NR,
                  tile, mr, nr, c, at, ldc, cRows, i0 + ic + ir, bet, last, scale, shift,
                  e + jc + jr, relu);
            }
          }
        }
      }
    }
  }
}
