package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bias-gradient column sums: vector against scalar twin (bit for bit: each column adds in the same
 * order), against a double-precision sum, and on 1, 2 and 3 threads (bit for bit), over shapes on
 * both sides of the one-chunk bound and column counts around the vector length.
 */
class ColumnSumsTest {
  private static final int[] ROWS = {1, 7, 300, 2_049, 6_272};
  private static final int[] COLS = {1, 6, 15, 16, 17, 63, 64, 65, 120, 128, 200};

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** grad (starting from g0) plus the column sums of dz, stored after {@code off} floats. */
  private static float[] sums(float[] dz, int off, int rows, int cols, float[] g0, boolean vector) {
    float[] g = g0.clone();
    ColumnSums.add(dz, off, rows, cols, g, vector);
    return g;
  }

  @Test
  void vectorEqualsScalarTwinAndDoubleSum() {
    SplittableRandom r = new SplittableRandom(11);
    for (int rows : ROWS) {
      for (int cols : COLS) {
        int off = 3;
        float[] dz = random(r, off + rows * cols);
        float[] g0 = random(r, cols);
        float[] vec = sums(dz, off, rows, cols, g0, true);
        float[] sca = sums(dz, off, rows, cols, g0, false);
        String what = rows + "x" + cols + " (" + ColumnSums.chunks(rows, cols) + " chunks)";
        assertArrayEquals(sca, vec, what);
        for (int c = 0; c < cols; c++) {
          double exact = g0[c];
          double magnitude = Math.abs(g0[c]);
          for (int i = 0; i < rows; i++) {
            exact += dz[off + i * cols + c];
            magnitude += Math.abs(dz[off + i * cols + c]);
          }
          // each of the rows + chunks additions rounds once, by at most half an ulp of a partial sum
          double bound = (rows + ColumnSums.chunks(rows, cols) + 1) * 0x1p-24 * magnitude;
          assertEquals(exact, vec[c], bound, what + " column " + c);
        }
      }
    }
  }

  @Test
  void sameSumsOnOneTwoAndThreeThreads() {
    SplittableRandom r = new SplittableRandom(12);
    int saved = Parallel.threads();
    try {
      for (int rows : new int[] {2_049, 6_272, 50_176}) {
        for (int cols : new int[] {6, 64, 65, 128}) {
          float[] dz = random(r, rows * cols);
          float[] g0 = random(r, cols);
          Parallel.setThreads(1);
          float[] one = sums(dz, 0, rows, cols, g0, true);
          for (int threads = 2; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            assertArrayEquals(one, sums(dz, 0, rows, cols, g0, true),
                rows + "x" + cols + " on " + threads + " threads");
          }
        }
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  @Test
  void chunksFollowTheShapeAlone() {
    assertEquals(1, ColumnSums.chunks(100, 64), "small sums stay one chunk");
    assertEquals(1, ColumnSums.chunks(1, 1 << 20), "never more chunks than rows");
    int fashionConv1 = ColumnSums.chunks(8 * 28 * 28, 64);
    assertTrue(fashionConv1 > 1 && fashionConv1 % ColumnSums.CHUNK_MULTIPLE == 0,
        "Fashion CNN conv1 at batch 8: " + fashionConv1 + " chunks");
    assertTrue((long) 8 * 28 * 28 * 64 / fashionConv1 <= ColumnSums.CHUNK_ELEMENTS,
        "chunks of at most CHUNK_ELEMENTS floats");
  }
}
