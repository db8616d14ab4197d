package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vector GEMM against the double-accumulating scalar twin. Tolerance: the standard float dot-product
 * bound |err| ≤ 2·(K + 2)·u·Σ|alpha·a·b| + |beta·c|·u with u = 2⁻²⁴, per element — tight enough that a
 * wrong index or a dropped K block fails it.
 */
class GemmTest {
  private static final double U = Math.ulp(1f) / 2;
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  static float[] random(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  static float[] abs(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return y;
  }

  /** Runs one case with the given transposes, strides, offsets and scalars; checks every element. */
  static void check(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k, float alpha,
      float beta, boolean serial) {
    int lda = (ta ? m : k) + r.nextInt(3);
    int ldb = (tb ? k : n) + r.nextInt(3);
    int ldc = n + r.nextInt(3);
    int aOff = r.nextInt(5);
    int bOff = r.nextInt(5);
    int cOff = r.nextInt(5);
    float[] a = random(r, aOff + (ta ? k : m) * lda + 1);
    float[] b = random(r, bOff + (tb ? n : k) * ldb + 1);
    float[] c = random(r, cOff + m * ldc + 1);
    if (beta == 0f) {
      for (int i = 0; i < m; i++) {
        c[cOff + i * ldc] = Float.NaN; // beta = 0 must not read C
      }
    }
    float[] ref = c.clone();
    ScalarGemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
    float[] bound = abs(c);
    if (beta == 0f) {
      java.util.Arrays.fill(bound, 0f);
    }
    ScalarGemm.sgemm(ta, tb, m, n, k, Math.abs(alpha), abs(a), aOff, lda, abs(b), bOff, ldb,
        Math.abs(beta), bound, cOff, ldc);
    if (serial) {
      Gemm.sgemmSerial(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    } else {
      Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
    for (int i = 0; i < c.length; i++) {
      boolean inside = i >= cOff && i < cOff + m * ldc && (i - cOff) % ldc < n;
      if (!inside) {
        assertEquals(ref[i], c[i], 0f, "element outside C changed at " + i);
        continue;
      }
      double tol = 2 * (k + 2) * U * bound[i] + 1e-30;
      if (!(Math.abs(c[i] - ref[i]) <= tol)) {
        assertTrue(false, String.format(
            "ta=%b tb=%b m=%d n=%d k=%d alpha=%s beta=%s: got %s want %s (tol %s) at %d", ta, tb,
            m, n, k, alpha, beta, c[i], ref[i], tol, i));
      }
    }
  }

  @Test
  void randomShapesAllTransposes() {
    SplittableRandom r = new SplittableRandom(1);
    float[] betas = {0f, 1f, 0.5f};
    for (int t = 0; t < 60; t++) {
      int m = 1 + r.nextInt(70);
      int n = 1 + r.nextInt(70);
      int k = 1 + r.nextInt(70);
      check(r, r.nextBoolean(), r.nextBoolean(), m, n, k, t % 4 == 0 ? -1.5f : 1f,
          betas[t % 3], t % 2 == 0);
    }
  }

  @Test
  void crossesEveryBlockBoundary() {
    SplittableRandom r = new SplittableRandom(2);
    // m > MC, k > KC (three K blocks, beta then accumulate), n past NC with a ragged panel.
    check(r, false, false, Driver.MC + 7, 37, 2 * Driver.KC + 3, 1f, 0.25f, false);
    check(r, true, true, 13, Driver.NC + 5, 40, 1f, 0f, false);
    check(r, false, true, 2 * Driver.MC + 1, 3 * Kernel.NR + 1, Driver.KC + 1, 2f, 1f, true);
  }

  @Test
  void degenerateSizes() {
    SplittableRandom r = new SplittableRandom(3);
    check(r, false, false, 1, 1, 1, 1f, 0f, false);
    check(r, false, false, 5, 3, 0, 1f, 0.5f, false); // k = 0: C = beta·C
    float[] c = {1f, 2f};
    Gemm.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {1f, 2f}, c, 0f);
  }

  @Test
  void bitIdenticalForOneTwoThreeThreads() {
    SplittableRandom r = new SplittableRandom(4);
    sameOnOneTwoThreeThreads(r, 301, 263, 517);
    // And a wide, short product (above the parallel threshold) that splits along N instead of M.
    assertTrue(7L * 3 * 263 * 517 >= Gemm.PARALLEL_MIN_MACS);
    sameOnOneTwoThreeThreads(r, 7, 3 * 263, 517);
  }

  @Test
  void sharedPackedBIsBitIdenticalToo() {
    // Packed B past 1 MiB and two or more MC-row blocks per thread: threads split C's rows and
    // share one B packed by all of them.
    int k = 517;
    int n = 600;
    int m = 1200;
    assertTrue((long) k * n > Gemm.PRIVATE_B_MAX_FLOATS);
    for (int t = 2; t <= 3; t++) {
      assertTrue(!Gemm.fewRowBlocks((m + Kernel.MR - 1) / Kernel.MR, n / Kernel.NR + 1, k, t, false));
    }
    sameOnOneTwoThreeThreads(new SplittableRandom(5), m, n, k);
  }

  @Test
  void guidedBlocksOfSharedBGiveTheSameFloats() {
    // Shared packed B and at least eight MC-row blocks per thread on 2 and 3 threads: the threads
    // take guided blocks (a share of what is left), whose bounds depend on the thread count.
    int k = 517;
    int n = 600;
    int m = 4700;
    int mUnits = (m + Kernel.MR - 1) / Kernel.MR;
    assertTrue((long) k * n > Gemm.PRIVATE_B_MAX_FLOATS);
    for (int t = 2; t <= 3; t++) {
      assertTrue(!Gemm.fewRowBlocks(mUnits, n / Kernel.NR + 1, k, t, false));
      assertTrue(mUnits >= Gemm.BLOCKS_PER_THREAD * t * (Driver.MC / Kernel.MR));
    }
    sameOnOneTwoThreeThreads(new SplittableRandom(6), m, n, k);
  }

  @Test
  void smallBCopiedByEachThreadGivesTheSameFloats() {
    // B of 128×200 (28 K floats packed): each thread packs its own copy, then takes row blocks.
    Parallel.setThreads(2);
    assertTrue(Gemm.packsBPerThread(301, 200, 128, false));
    sameOnOneTwoThreeThreads(new SplittableRandom(9), 301, 200, 128);
  }

  @Test
  void fewRowBlocksPackBInEachThreadWithTheSameFloats() {
    // The same B with 301 rows: under two MC-row blocks per thread, so each thread packs B itself.
    int k = 517;
    int n = 600;
    int m = 301;
    for (int t = 2; t <= 3; t++) {
      assertTrue(Gemm.fewRowBlocks((m + Kernel.MR - 1) / Kernel.MR, n / Kernel.NR + 1, k, t, false));
    }
    sameOnOneTwoThreeThreads(new SplittableRandom(5), m, n, k);
  }

  @Test
  void rowMajorBPackedByEachThreadForAFewRowBlocksGivesTheSameFloats() {
    // The shared-B shape above with B stored row-major: packing it copies rows, so with at most
    // FEW_COPIED_ROW_BLOCKS MC-row blocks per thread each thread packs B itself instead.
    int k = 517;
    int n = 600;
    int m = 1200;
    for (int t = 2; t <= 3; t++) {
      int mUnits = (m + Kernel.MR - 1) / Kernel.MR;
      assertTrue(Gemm.fewRowBlocks(mUnits, n / Kernel.NR + 1, k, t, true));
      assertTrue(!Gemm.fewRowBlocks(mUnits, n / Kernel.NR + 1, k, t, false));
    }
    assertTrue(new MatrixB().set(new float[1], 0, n, false).copiesRows());
    assertTrue(!new MatrixB().set(new float[1], 0, k, true).copiesRows());
    float[][] abc = sameOnOneTwoThreeThreads(new SplittableRandom(6), m, n, k, false);
    float[] expected = new float[m * n];
    ScalarGemm.sgemm(false, false, m, n, k, 1f, abc[0], 0, k, abc[1], 0, n, 0f, expected, 0, n);
    assertArrayEquals(expected, abc[2], 1e-2f); // sums of 517 products of magnitude < 1
  }

  @Test
  void deepProductsKeepEachRowBlockOfCInL2WithTheSameFloats() {
    // Several K blocks, several MC blocks and a B that fits L2: the row block of C takes all its K
    // blocks in turn (ResidentCDriver). Against the scalar twin, and bit for bit against the same
    // product computed one MC-row block at a time, which takes the Goto order.
    int m = 3 * Driver.MC + 17;
    int n = 100;
    int k = 2 * Driver.KC + 45;
    assertTrue(ResidentCDriver.applies(m, n, k, null, null));
    assertTrue(!ResidentCDriver.applies(Driver.MC, n, k, null, null), "one row block");
    assertTrue(!ResidentCDriver.applies(m, n, Driver.KC, null, null), "one K block");
    SplittableRandom r = new SplittableRandom(15);
    for (int t = 1; t <= 2; t++) {
      Parallel.setThreads(t);
      check(r, false, false, m, n, k, 1f, 0f, true);
      check(r, true, true, m, n, k, 0.5f, 1f, false);
    }
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[] whole = new float[m * n];
    float[] blocks = new float[m * n];
    MatrixA ap = new MatrixA().set(a, 0, k, false, 1f);
    MatrixB bp = new MatrixB().set(b, 0, n, false);
    Gemm.run(m, n, k, ap, bp, null, 0f, whole, 0, n, null, null, 0, false, false);
    for (int i = 0; i < m; i += Driver.MC) {
      int mc = Math.min(Driver.MC, m - i);
      Gemm.runBlock(i, 0, mc, n, k, ap, bp, null, blocks, i * n, n);
    }
    assertArrayEquals(blocks, whole, 0f);
    // The same with B packed beforehand (a convolution's weights), on one thread and two.
    PackedB pb = new PackedB();
    pb.pack(bp, k, n, false);
    for (int t = 1; t <= 2; t++) {
      Parallel.setThreads(t);
      float[] prePacked = new float[m * n];
      Gemm.run(m, n, k, ap, null, pb, 0f, prePacked, 0, n, null, null, 0, false, true);
      assertArrayEquals(whole, prePacked, 0f, "B pre-packed, " + t + " threads");
    }
  }

  @Test
  void longKSmallCSplitsKAndMatchesTheScalarTwin() {
    SplittableRandom r = new SplittableRandom(6);
    // A weight-gradient shape (64 filters × 7·7 taps over many pixels) and ragged ones: a last
    // chunk shorter than the rest, K not a multiple of KC, beta ≠ 0, serial and parallel.
    assertTrue(KSplit.applies(64, 49, 50_176));
    assertTrue(KSplit.applies(5, 3, KSplit.MIN_K + 77));
    check(r, true, false, 64, 49, 50_176, 1f, 0f, false);
    check(r, false, true, 5, 3, KSplit.MIN_K + 77, -1.5f, 0.5f, true);
    check(r, true, true, 13, 70, 3 * KSplit.MIN_K + Driver.KC / 2, 1f, 1f, false);
    sameOnOneTwoThreeThreads(r, 30, 40, 5 * KSplit.MIN_K + 3);
  }

  @Test
  void kSplitAppliesOnlyToLongKAndSmallC() {
    assertTrue(!KSplit.applies(64, 49, KSplit.MIN_K - 1), "short K");
    assertTrue(!KSplit.applies(1024, 1024, 1 << 20), "large C");
    // Chunks: a multiple of CHUNK_MULTIPLE of them, at most MAX_CHUNKS (WIDE_CHUNKS for a wide C);
    // they tile [0, k), at least MIN_CHUNK long but for the last. Bound to a pre-packed B's blocks,
    // they are whole KC blocks but for the last and differ by at most one block; otherwise they
    // start at multiples of CHUNK_ALIGN and differ by at most that — so two threads get equal
    // shares. 12,544 is Fashion CNN conv2's K at batch 64 (49 blocks), which whole-block chunks of
    // a fixed length cut into 7.
    for (int k : new int[] {KSplit.MIN_K, 12_544, 50_176, 802_816, KSplit.MIN_K + 1, 6_272}) {
      for (long cFloats : new long[] {1, KSplit.MAX_C_FLOATS + 1}) {
        for (boolean blocks : new boolean[] {true, false}) {
          int chunks = KSplit.chunkCount(k, cFloats);
          int step = blocks ? Driver.KC : KSplit.CHUNK_ALIGN;
          String what = chunks + " chunks of " + k + " for C " + cFloats
              + (blocks ? " in blocks" : "");
          assertEquals(0, chunks % KSplit.CHUNK_MULTIPLE, what);
          assertTrue(chunks <= (cFloats > KSplit.MAX_C_FLOATS ? KSplit.WIDE_CHUNKS
              : KSplit.MAX_CHUNKS), what);
          assertEquals(0, KSplit.chunkStart(k, chunks, 0, blocks), what);
          assertEquals(k, KSplit.chunkStart(k, chunks, chunks, blocks), what);
          int shortest = Integer.MAX_VALUE;
          int longest = 0;
          for (int ch = 0; ch < chunks; ch++) {
            int from = KSplit.chunkStart(k, chunks, ch, blocks);
            int len = KSplit.chunkStart(k, chunks, ch + 1, blocks) - from;
            assertEquals(0, from % step, what);
            assertTrue(len >= KSplit.MIN_CHUNK || ch == chunks - 1, what);
            if (ch < chunks - 1) {
              shortest = Math.min(shortest, len);
              longest = Math.max(longest, len);
            }
          }
          assertTrue(longest - shortest <= step, what);
        }
      }
    }
    // Fashion CNN conv1's weight gradient at batch 8: eight chunks of 784, where whole blocks give
    // seven of 768 and one of 896.
    assertEquals(8, KSplit.chunkCount(6_272, 49 * 64));
    for (int ch = 0; ch <= 8; ch++) {
      assertEquals(784 * ch, KSplit.chunkStart(6_272, 8, ch, false));
    }
    assertEquals(768 * 7, KSplit.chunkStart(6_272, 8, 7, true));
    assertEquals(8, KSplit.chunkCount(12_544, KSplit.MAX_C_FLOATS + 1));
    assertTrue(!KSplit.appliesToGradient(64, 49, KSplit.MIN_K - 1), "short K");
    assertTrue(!KSplit.appliesToGradient(512, 512, 1 << 20), "C past the wide bound");
  }

  @Test
  void fewRowsReadBInPlaceWithTheFloatsOfPackedB() {
    // Row-major B read in place (full 32-column panels from the matrix, the ragged last panel
    // packed) against the same B stored transposed, which is always packed: same floats, on 1–3
    // threads, with an offset and a padded row stride; plus K split into chunks (p0 > 0) and a
    // 100-row product whose B is big enough to be read in place too.
    int[][] shapes = {{40, 100, 300}, {7, 3 * 263, 517}, {40, 64, KSplit.MIN_K + 77},
        {100, 1000, 1100}};
    SplittableRandom r = new SplittableRandom(11);
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      assertTrue(Gemm.readsBInPlace(m, n, k, new MatrixB()), m + "x" + n + "x" + k);
      float[] a = random(r, m * k);
      int ldb = n + 3;
      float[] b = random(r, 5 + k * ldb);
      float[] bt = new float[n * k];
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          bt[j * k + p] = b[5 + p * ldb + j];
        }
      }
      float[] packed = new float[m * n];
      Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, bt, 0, k, 0f, packed, 0, n);
      for (int t = 1; t <= 3; t++) {
        Parallel.setThreads(t);
        float[] inPlace = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 5, ldb, 0f, inPlace, 0, n);
        assertArrayEquals(packed, inPlace, 0f, m + "x" + n + "x" + k + " on " + t + " threads");
      }
    }
    check(r, false, false, 33, 77, 613, 0.5f, 2f, false);
  }

  @Test
  void bIsReadInPlaceOnlyForFewRowsOfARowMajorMatrix() {
    MatrixB rowMajor = new MatrixB();
    MatrixB transposed = new MatrixB().set(null, 0, 0, true);
    int most = Gemm.IN_PLACE_B_MAX_ROWS;
    assertTrue(Gemm.readsBInPlace(most, 10, 10, rowMajor));
    assertTrue(!Gemm.readsBInPlace(most + 1, 10, 10, rowMajor), "small B, more rows");
    assertTrue(Gemm.readsBInPlace(4 * most, 1024, 1024, rowMajor), "big B");
    assertTrue(!Gemm.readsBInPlace(4 * most + 1, 1024, 1024, rowMajor), "big B, more rows");
    assertTrue(!Gemm.readsBInPlace(2 * most, 1000, 1000, rowMajor), "B under 4 MiB");
    assertTrue(!Gemm.readsBInPlace(1, 10, 10, transposed), "stored transposed");
    assertTrue(!Gemm.readsBInPlace(1, 10, 10, (dst, off, j0, nc, p0, kc) -> { }), "any packer");
  }

  /** A·Bᵀ on 1, 2 and 3 threads must give the same floats. */
  private static void sameOnOneTwoThreeThreads(SplittableRandom r, int m, int n, int k) {
    sameOnOneTwoThreeThreads(r, m, n, k, true);
  }

  /**
   * A·op(B) on 1, 2 and 3 threads must give the same floats; returns {A, B as stored, C}. B is
   * stored n×k when transB, else k×n (row-major, which the GEMM may read in place or copy by rows).
   */
  private static float[][] sameOnOneTwoThreeThreads(SplittableRandom r, int m, int n, int k,
      boolean transB) {
    float[] a = random(r, m * k);
    float[] b = random(r, k * n);
    float[][] out = new float[3][];
    for (int t = 1; t <= 3; t++) {
      Parallel.setThreads(t);
      out[t - 1] = new float[m * n];
      Gemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0f, out[t - 1], 0, n);
    }
    assertArrayEquals(out[0], out[1], 0f);
    assertArrayEquals(out[0], out[2], 0f);
    return new float[][] {a, b, out[0]};
  }
}
