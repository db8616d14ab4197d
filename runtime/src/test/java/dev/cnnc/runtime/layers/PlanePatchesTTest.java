package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pᵀ packed from the zero-padded planes ({@link PlanePatchesT}) against Pᵀ read off the
 * definition — element (ky, kx) of output pixel (n, oy, ox) is the input at (oy·sh − padTop +
 * ky·dh, ox − padLeft + kx), or 0 outside — bit for bit, over blocks that start and end inside
 * output rows and images and panels cut short by mc. (The layers' results are also held against
 * the scalar twin by {@link ShortRowPatchesTest}.)
 */
class PlanePatchesTTest {
  private static final int MR = Gemm.MR;

  private static final ConvConfig FASHION_CONV1 =
      ConvConfig.builder("fm1", 28, 28, 1, 64).kernel(7, 7).samePadding().build();
  /** Stride and dilation in height only, asymmetric padding, an odd width. */
  private static final ConvConfig TALL_STEPS = ConvConfig.builder("tall", 11, 9, 1, 16)
      .kernel(3, 5).stride(2, 1).dilation(2, 1).padding(1, 2, 0, 3).build();
  /** A kernel as wide as the padded map: every pixel's rows are cut by a border. */
  private static final ConvConfig WIDE = ConvConfig.builder("wide", 6, 3, 1, 20).kernel(5, 5)
      .padding(2, 2, 2, 2).build();

  @Test
  void appliesToOneChannelLayersWithUnitStepsAcross() {
    assertEquals(RowPanel.VECTORISED, PlanePatchesT.forLayer(FASHION_CONV1) != null);
    assertEquals(RowPanel.VECTORISED, PlanePatchesT.forLayer(TALL_STEPS) != null);
    assertNull(PlanePatchesT.forLayer(ConvConfig.builder("stem", 15, 13, 3, 64).kernel(7, 7)
        .stride(2, 2).padding(3, 3, 3, 3).build()), "three channels");
    assertNull(PlanePatchesT.forLayer(ConvConfig.builder("s2", 12, 12, 1, 8).kernel(3, 3)
        .stride(1, 2).build()), "stride 2 across");
    assertNull(PlanePatchesT.forLayer(ConvConfig.builder("d2", 12, 12, 1, 8).kernel(3, 3)
        .dilation(1, 2).build()), "dilation 2 across");
  }

  @Test
  void packTheDefinitionsFloats() {
    assumeTrue(RowPanel.VECTORISED, "applies only where the six-row transpose is vectorised");
    SplittableRandom r = new SplittableRandom(5);
    for (ConvConfig cf : new ConvConfig[] {FASHION_CONV1, TALL_STEPS, WIDE}) {
      int batch = 3;
      float[] x = new float[7 + batch * cf.inH() * cf.inW()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      int xOff = 7; // a tensor view that does not start at 0
      PlanePatchesT plane = PlanePatchesT.forLayer(cf);
      plane.pad(x, xOff, batch);
      int pixels = batch * cf.outH() * cf.outW();
      int patch = cf.patchSize();
      int[][] blocks = { // i0, mc, p0, kc
        {0, patch, 0, pixels}, {0, patch, 5, Math.min(256, pixels - 5)},
        {MR, Math.min(7, patch - MR), cf.outW() - 1, cf.outW() + 3},
        {patch - 1, 1, pixels - 40, 40}, {2, Math.min(11, patch - 2), 1, 17},
      };
      for (int[] b : blocks) {
        int i0 = b[0];
        int mc = b[1];
        int p0 = b[2];
        int kc = b[3];
        int panels = (mc + MR - 1) / MR;
        int dOff = 3;
        float[] got = new float[dOff + panels * kc * MR];
        Arrays.fill(got, Float.NaN); // every place must be written, zero rows included
        plane.packA(got, dOff, i0, mc, p0, kc);
        float[] want = new float[got.length];
        want[0] = want[1] = want[2] = Float.NaN;
        for (int q = 0; q < panels; q++) {
          for (int p = 0; p < kc; p++) {
            for (int row = 0; row < MR; row++) {
              int e = i0 + q * MR + row;
              want[dOff + q * kc * MR + p * MR + row] =
                  q * MR + row < mc ? tap(cf, x, xOff, p0 + p, e) : 0f;
            }
          }
        }
        assertArrayEquals(want, got, cf.name() + " block " + Arrays.toString(b));
      }
      plane.clear();
    }
  }

  /** Element e = (ky, kx) of output pixel p's patch, from the definition. */
  private static float tap(ConvConfig cf, float[] x, int xOff, int p, int e) {
    int n = p / (cf.outH() * cf.outW());
    int oy = p / cf.outW() % cf.outH();
    int ox = p % cf.outW();
    int iy = oy * cf.sh() - cf.padTop() + e / cf.kw() * cf.dh();
    int ix = ox - cf.padLeft() + e % cf.kw();
    boolean inside = iy >= 0 && iy < cf.inH() && ix >= 0 && ix < cf.inW();
    return inside ? x[xOff + (n * cf.inH() + iy) * cf.inW() + ix] : 0f;
  }
}
