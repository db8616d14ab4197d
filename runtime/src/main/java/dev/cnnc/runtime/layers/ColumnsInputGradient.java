package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.MatrixA;
import dev.cnnc.runtime.gemm.MatrixB;
import dev.cnnc.runtime.gemm.PackedB;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.Arrays;

/**
 * A convolution's input gradient by columns (col2im), for layers with few channels: per image and
 * group, the patch gradients dP = dZ_g · W_gᵀ (output pixels × K, into a small per-thread scratch),
 * then every patch value is added back to the input pixel it was read from.
 *
 * <p>The default pass ({@link ConvPackers.OutputTaps}) packs, for every input pixel, each tap's og
 * values of dZ (taps·og floats, zeros past the border) and multiplies them by only cg columns of
 * weights, which the 32-column micro-kernel pads. That suits wide layers; for narrow ones it does
 * far more packing than arithmetic. LeNet-5's C3 (6 → 16 channels, 5×5, batch 64) packs 5 M floats
 * that way against 1 M patch gradients here, and C5 (16 → 120, 5×5 on a 5×5 input, so every output is
 * one pixel) 4.8 M floats, nearly all border zeros, against 26 K. {@link #pays} compares the two
 * costs from the geometry alone.
 *
 * <p>Threads take whole images, and each image's dX is summed by one thread in one fixed order, so
 * results do not depend on the thread count. Buffers are reused: steady state allocates none.
 */
final class ColumnsInputGradient implements Parallel.RangeBody {
  /**
   * Cost of packing or scattering one float, in multiply-adds of the micro-kernel (~0.5 ns against
   * ~100 G multiply-adds/s on one AVX-512 core); a scattered add reads and writes, so counts twice.
   */
  private static final int PACK_COST = 50;
  private static final int SCATTER_COST = 2 * PACK_COST;
  /** Patch-gradient rows per GEMM are capped so the scratch (≤ 64 K floats, 256 KiB) stays in L2. */
  private static final int SCRATCH_FLOATS = 1 << 16;
  /** Below this many multiply-adds one thread does the whole batch. */
  private static final long PARALLEL_MIN_MACS = 1L << 20;

  private static final ThreadScratch SCRATCH = new ThreadScratch();

  private final ConvConfig cf;
  private final int k;
  private final int og;
  private final int cg;
  private final int rowsPerChunk;
  private final PackedB[] weightsT;
  private final MatrixA[] dzColumns;
  private final MatrixB weightMat = new MatrixB();
  private float[] dx;
  private int dxOff;

  ColumnsInputGradient(ConvConfig cf) {
    this.cf = cf;
    this.k = cf.patchSize();
    this.og = cf.outPerGroup();
    this.cg = cf.inPerGroup();
    int rows = Math.max(Gemm.MR, SCRATCH_FLOATS / k / Gemm.MR * Gemm.MR);
    this.rowsPerChunk = Math.min(rows, cf.outH() * cf.outW());
    this.weightsT = new PackedB[cf.groups()];
    this.dzColumns = new MatrixA[cf.groups()];
    for (int g = 0; g < weightsT.length; g++) {
      weightsT[g] = new PackedB();
      dzColumns[g] = new MatrixA();
    }
  }

  /**
   * Whether this pass is cheaper than the tap gather for the layer: both costs per image, counting
   * floats packed or scattered and the micro-kernel's multiply-adds with its column padding.
   */
  static boolean pays(ConvConfig cf) {
    int og = cf.outPerGroup();
    int cg = cf.inPerGroup();
    int k = cf.patchSize();
    double gather = 0;
    for (ConvPackers.Phase ph : ConvPackers.Phase.all(cf)) {
      gather += (double) ph.rows * ph.cols * ph.taps.length * og * (PACK_COST + roundUp(cg, Gemm.NR));
    }
    double columns = (double) cf.outH() * cf.outW()
        * (og * PACK_COST + (double) og * roundUp(k, Gemm.NR) + (double) k * SCATTER_COST);
    return columns < gather;
  }

  private static int roundUp(int v, int to) {
    return (v + to - 1) / to * to;
  }

  /** dIn = the input gradient for dz (NHWC, cout channels from dzOff); overwrites dIn. */
  void run(int batch, float[] w, float[] dz, int dzOff, float[] dIn, int dInOff) {
    for (int g = 0; g < cf.groups(); g++) {
      // op(B) = W_gᵀ: og×K, stored as the K×cout HWIO weight from column g·og
      weightsT[g].pack(weightMat.set(w, g * og, cf.outC(), true), og, k, true);
      // op(A) = dZ_g: (N·OH·OW)×og, the columns of group g
      dzColumns[g].set(dz, dzOff + g * og, cf.outC(), false, 1f);
    }
    weightMat.set(null, 0, 0, false);
    dx = dIn;
    dxOff = dInOff;
    try {
      long macs = (long) batch * cf.outH() * cf.outW() * k * og * cf.groups();
      if (macs < PARALLEL_MIN_MACS) {
        run(0, 0, batch);
      } else {
        Parallel.forRange(batch, this);
      }
    } finally {
      for (MatrixA a : dzColumns) {
        a.set(null, 0, 0, false, 1f);
      }
      dx = null;
    }
  }

  /** Images [from, to): zero their dX, then add every group's patch gradients into it. */
  @Override
  public void run(int chunk, int from, int to) {
    int pixels = cf.outH() * cf.outW();
    int image = cf.inH() * cf.inW() * cf.inC();
    float[] scratch = SCRATCH.floats(rowsPerChunk * k);
    for (int n = from; n < to; n++) {
      Arrays.fill(dx, dxOff + n * image, dxOff + (n + 1) * image, 0f);
      for (int g = 0; g < cf.groups(); g++) {
        for (int r0 = 0; r0 < pixels; r0 += rowsPerChunk) {
          int rows = Math.min(rowsPerChunk, pixels - r0);
          // dP (rows×K) = dZ_g rows of image n's pixels [r0, r0 + rows) · W_gᵀ
          Gemm.runBlock(n * pixels + r0, 0, rows, k, og, dzColumns[g], null, weightsT[g], scratch,
              0, k);
          scatter(scratch, n, r0, rows, g);
        }
      }
    }
  }

  /**
   * Adds patch-gradient rows [r0, r0 + rows) of image n (group g) into dX. With one group and
   * dilation 1 along x, the in-range taps of a kernel row are consecutive pixels and their values
   * consecutive in both dP (index order ky, kx, ci) and dX (NHWC): one run of up to kw·cin floats.
   */
  private void scatter(float[] dp, int n, int r0, int rows, int g) {
    int ow = cf.outW();
    int oy = r0 / ow;
    int ox = r0 - oy * ow;
    int img = dxOff + n * cf.inH() * cf.inW() * cf.inC() + g * cg;
    boolean runs = cf.dw() == 1 && cg == cf.inC();
    for (int r = 0; r < rows; r++) {
      int iy0 = oy * cf.sh() - cf.padTop();
      int ix0 = ox * cf.sw() - cf.padLeft();
      for (int ky = 0; ky < cf.kh(); ky++) {
        int iy = iy0 + ky * cf.dh();
        if (iy < 0 || iy >= cf.inH()) {
          continue;
        }
        int src = r * k + ky * cf.kw() * cg;
        int row = img + iy * cf.inW() * cf.inC();
        if (runs) {
          int lo = Math.max(0, -ix0);
          int hi = Math.min(cf.kw(), cf.inW() - ix0);
          if (lo < hi) {
            add(dp, src + lo * cg, dx, row + (ix0 + lo) * cf.inC(), (hi - lo) * cg);
          }
          continue;
        }
        for (int kx = 0; kx < cf.kw(); kx++) {
          int ix = ix0 + kx * cf.dw();
          if (ix >= 0 && ix < cf.inW()) {
            add(dp, src + kx * cg, dx, row + ix * cf.inC(), cg);
          }
        }
      }
      if (++ox == ow) {
        ox = 0;
        oy++;
      }
    }
  }

  private static void add(float[] src, int s, float[] dst, int d, int len) {
    for (int t = 0; t < len; t++) {
      dst[d + t] += src[s + t];
    }
  }
}
