package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused micro-kernel gives exactly the floats of the kernel followed by the tile merge. */
class KernelTest {
  @Test
  void computeMergeGivesTheFloatsOfComputeThenMerge() {
    SplittableRandom r = new SplittableRandom(7);
    int mr = Kernel.MR;
    int nr = Kernel.NR;
    for (int kc : new int[] {1, 7, 64, Driver.KC}) {
      for (float beta : new float[] {0f, 1f, 0.5f, -3f}) {
        for (boolean scattered : new boolean[] {false, true}) {
          for (int epilogue = 0; epilogue < 4; epilogue++) {
            for (int[] corner : new int[][] {{mr, nr}, {mr - 1, nr}, {mr, nr - 3}, {2, 5}}) {
              check(r, kc, beta, scattered, epilogue, corner[0], corner[1]);
            }
          }
        }
      }
    }
  }

  /**
   * epilogue: 0 none, 1 scale and shift, 2 relu only, 3 scale only (the last K block of a fused
   * layer). Row 2 of A is zero, so its products are +0 and a negative scale makes them −0, which a
   * missing shift must leave as −0.
   */
  private static void check(SplittableRandom r, int kc, float beta, boolean scattered,
      int epilogue, int mr, int nr) {
    int ldb = Kernel.NR + r.nextInt(3) * 8;
    float[] a = GemmTest.random(r, Kernel.MR * kc + 3);
    float[] b = GemmTest.random(r, ldb * kc + Kernel.NR + 5);
    int ao = r.nextInt(3);
    for (int p = 0; p < kc; p++) {
      a[ao + p * Kernel.MR + 2] = 0f;
    }
    int bo = r.nextInt(5);
    int ldc = Kernel.NR + 3 + r.nextInt(9);
    int cOff = r.nextInt(4);
    int[] cRows = null;
    int rowIdx = 0;
    if (scattered) {
      rowIdx = r.nextInt(3);
      cRows = new int[rowIdx + Kernel.MR];
      for (int i = 0; i < Kernel.MR; i++) { // rows in a shuffled order, ldc apart
        cRows[rowIdx + i] = ((i * 5 + 2) % Kernel.MR) * ldc;
      }
    }
    float[] c = GemmTest.random(r, cOff + Kernel.MR * ldc + Kernel.NR);
    float[] scale = epilogue == 1 || epilogue == 3 ? GemmTest.random(r, Kernel.NR + 2) : null;
    float[] shift = epilogue == 1 ? GemmTest.random(r, Kernel.NR + 2) : null;
    boolean relu = epilogue == 2;
    int e = r.nextInt(2);
    float[] expected = c.clone();
    float[] tile = new float[Kernel.MR * Kernel.NR];
    Kernel.compute(kc, a, ao, b, bo, ldb, tile);
    Kernel.merge(tile, mr, nr, expected, cOff, ldc, cRows, rowIdx, beta, epilogue > 0, scale,
        shift, e, relu);
    float[] actual = c.clone();
    Kernel.computeMerge(kc, a, ao, b, bo, ldb, new float[tile.length], mr, nr, actual, cOff, ldc,
        cRows, rowIdx, beta, epilogue > 0, scale, shift, e, relu);
    assertArrayEquals(expected, actual, "kc=" + kc + " beta=" + beta + " scattered=" + scattered
        + " epilogue=" + epilogue + " corner " + mr + "x" + nr);
  }
}
