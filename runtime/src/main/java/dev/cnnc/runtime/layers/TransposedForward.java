package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.MatrixA;
import dev.cnnc.runtime.parallel.Parallel;

/**
 * The forward pass of a layer with few filters, computed transposed: Yᵀ_g = W_gᵀ · Pᵀ, filters as
 * the GEMM's rows and output pixels as its columns, then stored back into NHWC with the epilogue.
 *
 * <p>The micro-kernel's tile is 6 rows by 32 columns (AVX-512). With pixels as rows and filters as
 * columns, LeNet-5's C1 (6 filters) would fill 6 of every 32 columns and C3 (16) half of them;
 * transposed, C1's 6 filters are exactly one row panel, and every column is a pixel. A plain GEMM
 * of C1's shape at batch 64 (50176 × 6 × 25) took 1.25 ms one way and 0.33 ms the other.
 *
 * <p>Each element's products are summed in the same K order, in the same blocks, as in the
 * untransposed pass, so the floats are identical to it. Threads take blocks of pixels; each
 * element is computed by one thread, so results do not depend on the thread count.
 */
final class TransposedForward implements Parallel.RangeBody {
  /** Most filters per group for which the transposed pass is used (half a 32-column tile). */
  static final int MAX_FILTERS = 16;
  /** Pixels per block: the block's Yᵀ scratch (≤ 16 × 1024 floats, 64 KiB) stays in L2. */
  private static final int BLOCK_PIXELS = 1024;
  /** Below this many multiply-adds one thread does the whole pass. */
  private static final long PARALLEL_MIN_MACS = 1L << 21;

  private static final ThreadScratch SCRATCH = new ThreadScratch();

  private final ConvConfig cf;
  private final int og;
  private final int k;
  private final ConvPackers.PatchesT patches;
  private final MatrixA weightsT = new MatrixA();
  private float[] y;
  private int yOff;
  private int chan;
  private float[] scale;
  private float[] shift;
  private boolean relu;
  private int pixels;

  TransposedForward(ConvConfig cf) {
    this.cf = cf;
    this.og = cf.outPerGroup();
    this.k = cf.patchSize();
    this.patches = new ConvPackers.PatchesT(cf);
  }

  /** Whether a layer of this geometry runs its forward transposed. */
  static boolean pays(ConvConfig cf) {
    return cf.outPerGroup() <= MAX_FILTERS;
  }

  /**
   * Group g of out = act(scale·(patches(in) · W_g) + shift), channels g·og.. of each pixel; scale
   * and shift are indexed by output channel and may be null.
   */
  void run(float[] x, int xOff, int batch, int g, float[] w, float[] out, int outOff,
      float[] scale, float[] shift, boolean relu) {
    // op(A) = W_gᵀ: og×K, stored as the K×cout HWIO weight from column g·og
    weightsT.set(w, g * og, cf.outC(), true, 1f);
    patches.gather.x = x;
    patches.gather.xOff = xOff;
    patches.gather.chan = g * cf.inPerGroup();
    this.y = out;
    this.yOff = outOff;
    this.chan = g * og;
    this.scale = scale;
    this.shift = shift;
    this.relu = relu;
    this.pixels = batch * cf.outH() * cf.outW();
    int blocks = (pixels + BLOCK_PIXELS - 1) / BLOCK_PIXELS;
    try {
      if ((long) pixels * og * k < PARALLEL_MIN_MACS) {
        run(0, 0, blocks);
      } else {
        Parallel.forRange(blocks, this);
      }
    } finally {
      weightsT.set(null, 0, 0, false, 1f);
      patches.gather.x = null;
      this.y = null;
    }
  }

  /** Pixel blocks [from, to): Yᵀ of the block into the scratch, then into out with the epilogue. */
  @Override
  public void run(int chunk, int from, int to) {
    float[] t = SCRATCH.floats(og * BLOCK_PIXELS);
    for (int b = from; b < to; b++) {
      int p0 = b * BLOCK_PIXELS;
      int np = Math.min(BLOCK_PIXELS, pixels - p0);
      // Yᵀ (og×np) = W_gᵀ (og×K) · Pᵀ (K×np, pixels p0..)
      Gemm.runBlock(0, p0, og, np, k, weightsT, patches, null, t, 0, np);
      store(t, p0, np);
    }
  }

  /** out[p][chan + o] = act(scale·t[o][p − p0] + shift) for the block's pixels. */
  private void store(float[] t, int p0, int np) {
    int cout = cf.outC();
    for (int p = 0; p < np; p++) {
      int d = yOff + (p0 + p) * cout + chan;
      for (int o = 0; o < og; o++) {
        float v = t[o * np + p];
        if (scale != null) {
          v *= scale[chan + o];
        }
        if (shift != null) {
          v += shift[chan + o];
        }
        y[d + o] = relu ? Math.max(v, 0f) : v;
      }
    }
  }
}
