package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.APacker;
import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;

/**
 * Operand A = Pᵀ of a weight gradient taken as dW = Pᵀ·dZ ({@link WeightGradient}) for a layer
 * with one input channel and unit stride and dilation across (Fashion CNN conv1), packed from a
 * zero-padded copy of the input. In that copy one patch element (ky, kx) over the output pixels
 * of one output row is a contiguous run of input floats, so each MR patch elements over a run of
 * pixels are one {@link RowPanel} six-row transpose: no per-pixel rows, no border cases.
 * // A: (kh·kw)×(N·OH·OW), row e = (ky, kx), column = output pixel (n, oy, ox);
 * // padded copy: N × (padTop + inH + padBottom) × (padLeft + inW + padRight).
 *
 * <p>A pure copy: the floats are those of {@link ShortRowPatches#transposedA}, which packed each
 * pixel's row and then stored it by vector slices; there, building the rows (38 % of conv1's
 * pixels at a border) and reading them back took 39 % of conv1's batch-8 backward on one thread.
 */
final class PlanePatchesT implements APacker {
  private static final int MR = Gemm.MR;

  private final ConvConfig cf;
  private final int wp;
  private final int plane;
  private float[] padded = new float[0];
  private int images;

  private PlanePatchesT(ConvConfig cf) {
    this.cf = cf;
    wp = cf.padLeft() + cf.inW() + cf.padRight();
    plane = (cf.padTop() + cf.inH() + cf.padBottom()) * wp;
  }

  /**
   * For a layer it applies to, else null: one group and one input channel, stride and dilation 1
   * across, and the vectorised six-row transpose (JDK 25 and later; {@link RowPanel#VECTORISED}).
   */
  static PlanePatchesT forLayer(ConvConfig cf) {
    boolean fits = RowPanel.VECTORISED && cf.groups() == 1 && cf.inC() == 1 && cf.sw() == 1
        && cf.dw() == 1;
    return fits ? new PlanePatchesT(cf) : null;
  }

  /**
   * Copies the batch into the padded planes, before the product, on the calling thread (224 row
   * copies for conv1 at batch 8). Only the inside is written: the borders are zero from the
   * allocation and nothing else writes the copy.
   */
  void pad(float[] x, int xOff, int n) {
    int need = n * plane;
    if (padded.length < need) {
      padded = new float[need];
    }
    int h = cf.inH();
    int w = cf.inW();
    for (int img = 0; img < n; img++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(x, xOff + (img * h + y) * w, padded,
            img * plane + (cf.padTop() + y) * wp + cf.padLeft(), w);
      }
    }
    images = n;
  }

  @Override
  public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
    int ow = cf.outW();
    int oh = cf.outH();
    int kw = cf.kw();
    int rowStep = cf.dh() * wp;
    float[] zeros = RowPanel.zeros(ow);
    int pixel = p0;
    int end = p0 + kc;
    while (pixel < end) {
      // One run: the pixels of [pixel, end) in the same output row.
      int n = pixel / (oh * ow);
      int oy = pixel / ow - n * oh;
      int ox = pixel - pixel / ow * ow;
      int len = Math.min(ow - ox, end - pixel);
      if (n >= images) {
        throw new IllegalStateException(cf.name() + ": patches packed before the batch was padded");
      }
      int base = n * plane + oy * cf.sh() * wp + ox;
      int d = dOff + (pixel - p0) * MR;
      for (int q = 0; q * MR < mc; q++) {
        int e = i0 + q * MR;
        int rows = Math.min(MR, mc - q * MR); // rows past mc read zeros
        RowPanel.pack(rows > 0 ? padded : zeros, at(e, base, rowStep, kw),
            rows > 1 ? padded : zeros, rows > 1 ? at(e + 1, base, rowStep, kw) : 0,
            rows > 2 ? padded : zeros, rows > 2 ? at(e + 2, base, rowStep, kw) : 0,
            rows > 3 ? padded : zeros, rows > 3 ? at(e + 3, base, rowStep, kw) : 0,
            rows > 4 ? padded : zeros, rows > 4 ? at(e + 4, base, rowStep, kw) : 0,
            rows > 5 ? padded : zeros, rows > 5 ? at(e + 5, base, rowStep, kw) : 0,
            len, dst, d + q * kc * MR);
      }
      pixel += len;
    }
  }

  /** Where patch element e = (ky, kx) of the run starting at base begins in the padded copy. */
  private static int at(int e, int base, int rowStep, int kw) {
    return base + e / kw * rowStep + e % kw;
  }

  /** Marks the padded batch stale, so that packing before the next {@link #pad} fails. */
  void clear() {
    images = 0;
  }
}
