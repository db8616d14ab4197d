package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MatrixA's packing (vector runs for transposed A) against the layout written out element-wise. */
class MatrixATest {
  @Test
  void packsExactlyTheDocumentedLayout() {
    SplittableRandom r = new SplittableRandom(21);
    for (int t = 0; t < 300; t++) {
      boolean trans = t % 2 == 0;
      int m = 1 + r.nextInt(40);
      int k = 1 + r.nextInt(40);
      int ld = (trans ? m : k) + r.nextInt(3);
      int off = r.nextInt(4);
      // No slack after the matrix: the last runs must not read past the array.
      float[] a = GemmTest.random(r, off + (trans ? k : m) * ld - (ld - (trans ? m : k)));
      float alpha = t % 3 == 0 ? -0.75f : 1f;
      MatrixA packer = new MatrixA().set(a, off, ld, trans, alpha);
      int i0 = r.nextInt(m);
      int mc = 1 + r.nextInt(m - i0);
      int p0 = r.nextInt(k);
      int kc = 1 + r.nextInt(k - p0);
      int dOff = r.nextInt(3);
      int panels = (mc + Kernel.MR - 1) / Kernel.MR;
      float[] got = new float[dOff + panels * kc * Kernel.MR];
      java.util.Arrays.fill(got, Float.NaN); // padding rows must be written as zeros
      packer.packA(got, dOff, i0, mc, p0, kc);
      for (int pr = 0; pr < panels; pr++) {
        for (int p = 0; p < kc; p++) {
          for (int ii = 0; ii < Kernel.MR; ii++) {
            int i = pr * Kernel.MR + ii;
            int row = i0 + i;
            int col = p0 + p;
            float want = i >= mc ? 0f
                : alpha * (trans ? a[off + col * ld + row] : a[off + row * ld + col]);
            assertEquals(want, got[dOff + pr * kc * Kernel.MR + p * Kernel.MR + ii], 0f,
                "trans=" + trans + " m=" + m + " k=" + k + " i=" + row + " p=" + col);
          }
        }
      }
    }
  }
}
