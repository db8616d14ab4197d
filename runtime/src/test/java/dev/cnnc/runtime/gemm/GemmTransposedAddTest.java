package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#runAddTransposed}: g[j·ld + col + i] += (A·B)[i][j], against the double-accumulating
 * scalar twin with {@link GemmTest}'s per-element bound, over shapes that take each path: one K
 * block (K ≤ {@link Driver#TR_ONE_BLOCK_MAX_K}, smaller MC and NC), several K blocks (the last one's
 * panels added from L1), a K-split product (small C, long K), row and column splits, ragged edges.
 */
class GemmTransposedAddTest {
  private static final double U = Math.ulp(1f) / 2;
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  /** {m, n, k}: which path each takes is asserted in {@link #shapesCoverEveryPath}. */
  private static final int[][] SHAPES = {
      {7, 5, 3}, // one tile, ragged
      {256, 1152, 392}, // one K block of 392: MC 120, NC 1312 instead of 192, 2048
      {200, 2600, 300}, // one block, several NC blocks of the reduced width
      {130, 70, 700}, // three K blocks, rows > MC
      {45, 300, 257}, // two K blocks, the last one 1 deep
      {64, 100, KSplit.MIN_K + 77}, // K split into chunks, then the separate pass
      {500, 40, 600}, // split by rows on several threads
      {20, 900, 520}, // split by columns
      {800, 700, 400}, // rows split over 2 threads where a plain product, B transposed, shares a packed B
      {300, 60, 400}, // rows split, B small enough that a plain product copies it per thread
      {40, 1000, KSplit.MIN_K + 77}, // a wider C, still split into (fewer) K chunks
  };

  @Test
  void shapesCoverEveryPath() {
    assertTrue(SHAPES[1][2] > Driver.KC && SHAPES[1][2] <= Driver.TR_ONE_BLOCK_MAX_K);
    assertTrue(SHAPES[3][2] > Driver.TR_ONE_BLOCK_MAX_K);
    assertTrue(KSplit.applies(SHAPES[5][0], SHAPES[5][1], SHAPES[5][2]));
    int[] shared = SHAPES[8]; // as Gemm.run decides, for a plain product, to share a packed B
    long packedB = (long) shared[2] * ((shared[1] + Kernel.NR - 1) / Kernel.NR) * Kernel.NR;
    assertTrue(packedB > Gemm.PRIVATE_B_MAX_FLOATS && packedB <= Gemm.SHARED_B_MAX_FLOATS);
    assertTrue(!Gemm.fewRowBlocks((shared[0] + Kernel.MR - 1) / Kernel.MR,
        (shared[1] + Kernel.NR - 1) / Kernel.NR, shared[2], 2, false));
    int[] copied = SHAPES[9];
    assertTrue(4L * copied[2] * ((copied[1] + Kernel.NR - 1) / Kernel.NR) * Kernel.NR * Float.BYTES
        <= Gemm.L2_BYTES, "B within a quarter of L2");
    int[] wide = SHAPES[10];
    assertTrue(!KSplit.applies(wide[0], wide[1], wide[2]));
    assertTrue(KSplit.appliesToGradient(wide[0], wide[1], wide[2]));
    for (int[] s : SHAPES) {
      if (s != SHAPES[5] && s != wide) {
        assertTrue(!KSplit.appliesToGradient(s[0], s[1], s[2]));
      }
    }
  }

  @Test
  void addsTheProductTransposedWithinTheDotProductBound() {
    SplittableRandom r = new SplittableRandom(5);
    for (int[] s : SHAPES) {
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        check(r, s[0], s[1], s[2]);
      }
    }
  }

  @Test
  void sameFloatsOnOneTwoThreeThreads() {
    SplittableRandom r = new SplittableRandom(6);
    for (int[] s : SHAPES) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = GemmTest.random(r, m * k);
      float[] b = GemmTest.random(r, k * n);
      float[] g0 = GemmTest.random(r, n * (m + 3));
      float[][] out = new float[3][];
      for (int t = 1; t <= 3; t++) {
        Parallel.setThreads(t);
        out[t - 1] = g0.clone();
        Gemm.runAddTransposed(m, n, k, new MatrixA().set(a, 0, k, false, 1f),
            new MatrixB().set(b, 0, n, false), new float[m * n], out[t - 1], 1, m + 3, true);
      }
      assertArrayEquals(out[0], out[1], 0f, m + "x" + n + "x" + k + ", 2 threads");
      assertArrayEquals(out[0], out[2], 0f, m + "x" + n + "x" + k + ", 3 threads");
    }
  }

  @Test
  void columnBlocksInAnyOrderGiveTheWholeCallsFloats() {
    // A caller cutting the columns itself (Conv2d hands a weight gradient's last columns to a free
    // thread): blocks of whole panels, taken out of order, add the same floats as one call.
    SplittableRandom r = new SplittableRandom(7);
    for (int[] s : new int[][] {{7, 5, 3}, {256, 1152, 392}, {130, 70, 700}, {45, 300, 257},
        {200, 2600, 300}}) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = GemmTest.random(r, m * k);
      float[] b = GemmTest.random(r, k * n);
      float[] whole = GemmTest.random(r, n * (m + 3));
      float[] blocks = whole.clone();
      Parallel.setThreads(1);
      Gemm.runAddTransposed(m, n, k, new MatrixA().set(a, 0, k, false, 1f),
          new MatrixB().set(b, 0, n, false), new float[m * n], whole, 1, m + 3, false);
      int units = (n + Gemm.NR - 1) / Gemm.NR;
      int[] cuts = {0, units / 2, units * 3 / 4, units};
      float[] scratch = new float[m * n];
      for (int c : new int[] {2, 0, 1}) {
        Gemm.runAddTransposedColumns(m, n, k, cuts[c] * Gemm.NR, Math.min(n, cuts[c + 1] * Gemm.NR),
            new MatrixA().set(a, 0, k, false, 1f), new MatrixB().set(b, 0, n, false), scratch,
            blocks, 1, m + 3);
      }
      assertArrayEquals(whole, blocks, 0f, m + "x" + n + "x" + k);
    }
    float[] x = new float[1];
    assertThrows(IllegalArgumentException.class, () -> Gemm.runAddTransposedColumns(4, 64, 4, 3,
        64, new MatrixA().set(x, 0, 4, false, 1f), new MatrixB().set(x, 0, 64, false), x, x, 0, 4),
        "a block not on a panel boundary");
    assertThrows(IllegalArgumentException.class, () -> Gemm.runAddTransposedColumns(64, 100,
        KSplit.MIN_K + 77, 0, 32, new MatrixA().set(x, 0, 4, false, 1f),
        new MatrixB().set(x, 0, 64, false), x, x, 0, 4), "a K-split shape");
  }

  /** A (m×k, offset, padded stride) times B stored transposed, added into g at column 2, ld m + 5. */
  private static void check(SplittableRandom r, int m, int n, int k) {
    int lda = k + 2;
    int ldg = m + 5;
    int col = 2;
    float[] a = GemmTest.random(r, 3 + m * lda);
    float[] bt = GemmTest.random(r, n * k); // B (k×n) stored as Bᵀ
    float[] g = GemmTest.random(r, n * ldg + 1);
    float[] product = new float[m * n];
    ScalarGemm.sgemm(false, true, m, n, k, 1f, a, 3, lda, bt, 0, k, 0f, product, 0, n);
    float[] bound = new float[m * n];
    ScalarGemm.sgemm(false, true, m, n, k, 1f, GemmTest.abs(a), 3, lda, GemmTest.abs(bt), 0, k,
        0f, bound, 0, n);
    float[] before = g.clone();
    Gemm.runAddTransposed(m, n, k, new MatrixA().set(a, 3, lda, false, 1f),
        new MatrixB().set(bt, 0, k, true), new float[m * n], g, col, ldg, true);
    for (int idx = 0; idx < g.length; idx++) {
      int j = idx / ldg;
      int i = idx % ldg - col;
      if (j >= n || i < 0 || i >= m) {
        assertEquals(before[idx], g[idx], 0f, "element outside the target changed at " + idx);
        continue;
      }
      double want = (double) before[idx] + product[i * n + j];
      double tol = 2 * (k + 2) * U * bound[i * n + j] + 2 * U * Math.abs(want) + 1e-30;
      if (!(Math.abs(g[idx] - want) <= tol)) {
        assertTrue(false, String.format("%dx%dx%d on %d threads: g[%d][%d] = %s, want %s (tol %s)",
            m, n, k, Parallel.threads(), j, i, g[idx], want, tol));
      }
    }
  }
}
