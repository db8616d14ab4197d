package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RowPanel#pack} against its scalar twin and against the layout it promises, over lengths
 * around every multiple of the vector length (the vector body, the scalar tail, and the tail taken
 * as an overlapping last vector step) and rows at unrelated offsets, some overlapping; bit for
 * bit, since packing only moves floats.
 */
class RowPanelTest {
  private static final int[] LENGTHS = {0, 1, 5, Kernel.V - 1, Kernel.V, Kernel.V + 1,
      Kernel.V + RowPanel.OVERLAP_MIN_TAIL - 1, Kernel.V + RowPanel.OVERLAP_MIN_TAIL, 28,
      2 * Kernel.V - 1, 2 * Kernel.V + 3, 3 * Kernel.V, 64, 100, 257, 768};

  @Test
  void vectorPanelsEqualTheScalarTwinAndTheLayout() {
    SplittableRandom r = new SplittableRandom(11);
    float[] src = new float[5000];
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) r.nextGaussian();
    }
    for (int len : LENGTHS) {
      for (int trial = 0; trial < 4; trial++) {
        int[] o = new int[Kernel.MR];
        for (int row = 0; row < Kernel.MR; row++) {
          // trial 0: rows one after another (a row-major matrix); later trials: anywhere
          o[row] = trial == 0 ? 7 + row * len : r.nextInt(src.length - len + 1);
        }
        int d = 3 + trial;
        float[] vector = new float[d + len * Kernel.MR + 5];
        float[] scalar = new float[vector.length];
        java.util.Arrays.fill(vector, -7f);
        java.util.Arrays.fill(scalar, -7f);
        RowPanel.pack(src, o[0], o[1], o[2], o[3], o[4], o[5], len, vector, d);
        RowPanel.packScalar(src, o[0], src, o[1], src, o[2], src, o[3], src, o[4], src, o[5], len,
            scalar, d);
        assertArrayEquals(scalar, vector, "len " + len + " trial " + trial);
        for (int p = 0; p < len; p++) {
          for (int row = 0; row < Kernel.MR; row++) {
            assertEquals(src[o[row] + p], vector[d + p * Kernel.MR + row], "element");
          }
        }
        for (int i = 0; i < d; i++) {
          assertEquals(-7f, vector[i], "written before the panel");
        }
        for (int i = d + len * Kernel.MR; i < vector.length; i++) {
          assertEquals(-7f, vector[i], "written past the panel");
        }
      }
    }
  }

  @Test
  void rowsFromSeparateArraysAndZeroRows() {
    SplittableRandom r = new SplittableRandom(12);
    float[] x = new float[900];
    float[] y = new float[700];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) r.nextGaussian();
    }
    for (int len : LENGTHS) {
      if (len > 300) {
        continue;
      }
      float[] zero = RowPanel.zeros(len);
      float[][] rows = {x, zero, y, x, zero, y};
      int[] o = {5, 0, 17, 301, 0, 399};
      float[] vector = new float[len * Kernel.MR];
      float[] scalar = new float[len * Kernel.MR];
      RowPanel.pack(rows[0], o[0], rows[1], o[1], rows[2], o[2], rows[3], o[3], rows[4], o[4],
          rows[5], o[5], len, vector, 0);
      RowPanel.packScalar(rows[0], o[0], rows[1], o[1], rows[2], o[2], rows[3], o[3], rows[4],
          o[4], rows[5], o[5], len, scalar, 0);
      assertArrayEquals(scalar, vector, "len " + len);
      for (int p = 0; p < len; p++) {
        assertEquals(x[5 + p], vector[p * Kernel.MR], "row 0");
        assertEquals(0f, vector[p * Kernel.MR + 1], "zero row");
        assertEquals(y[399 + p], vector[p * Kernel.MR + 5], "row 5");
      }
    }
    for (float z : RowPanel.zeros(1000)) {
      assertEquals(0f, z, "zeros must stay zero");
    }
  }
}
