package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.APacker;
import dev.cnnc.runtime.gemm.BPacker;
import dev.cnnc.runtime.gemm.Gemm;

/**
 * im2col fused into GEMM packing: the three convolution GEMMs read their patch operand straight from
 * the NHWC tensor into the packed panel, so no column buffer is ever materialised. K index order is
 * (ky, kx, ci), which is also the HWIO weight's row order. One instance per layer and role, re-pointed
 * at the current tensors each call; threads only read it.
 */
final class ConvPackers {
  private ConvPackers() {}

  /**
   * Forward patches. // op(A): (N·OH·OW)×(kh·kw·cin/g), row = output pixel, column = (ky, kx, ci) of
   * group g; zero where the tap falls in the padding.
   */
  static final class Patches implements APacker {
    private final ConvConfig cf;
    float[] x;
    int xOff;
    int chan; // first input channel of the group

    Patches(ConvConfig cf) {
      this.cf = cf;
    }

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      final int mr = Gemm.MR;
      final int cg = cf.inPerGroup();
      final int hw = cf.outH() * cf.outW();
      final int rows = (mc + mr - 1) / mr * mr;
      for (int ii = 0; ii < rows; ii++) {
        int base = dOff + (ii / mr) * kc * mr + ii % mr;
        if (ii >= mc) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * mr] = 0f;
          }
          continue;
        }
        int row = i0 + ii;
        int n = row / hw;
        int rem = row - n * hw;
        int oy = rem / cf.outW();
        int ox = rem - oy * cf.outW();
        int iy0 = oy * cf.sh() - cf.padTop();
        int ix0 = ox * cf.sw() - cf.padLeft();
        int img = xOff + n * cf.inH() * cf.inW() * cf.inC() + chan;
        int tap = p0 / cg;
        int ci = p0 - tap * cg;
        int end = p0 + kc;
        for (int p = p0; p < end; tap++, ci = 0) {
          int len = Math.min(cg - ci, end - p);
          int ky = tap / cf.kw();
          int iy = iy0 + ky * cf.dh();
          int ix = ix0 + (tap - ky * cf.kw()) * cf.dw();
          int d = base + (p - p0) * mr;
          if (iy >= 0 && iy < cf.inH() && ix >= 0 && ix < cf.inW()) {
            int src = img + (iy * cf.inW() + ix) * cf.inC() + ci;
            for (int t = 0; t < len; t++) {
              dst[d + t * mr] = x[src + t];
            }
          } else {
            for (int t = 0; t < len; t++) {
              dst[d + t * mr] = 0f;
            }
          }
          p += len;
        }
      }
    }
  }

  /**
   * Weight-gradient patches, transposed. // op(A): (kh·kw·cin/g)×(N·OH·OW), row = (ky, kx, ci),
   * column = output pixel. Tap offsets per row come from tables built once.
   */
  static final class PatchesT implements APacker {
    private final ConvConfig cf;
    private final int[] dy;
    private final int[] dx;
    private final int[] ch;
    float[] x;
    int xOff;
    int chan;

    PatchesT(ConvConfig cf) {
      this.cf = cf;
      int k = cf.patchSize();
      dy = new int[k];
      dx = new int[k];
      ch = new int[k];
      for (int i = 0; i < k; i++) {
        int tap = i / cf.inPerGroup();
        dy[i] = tap / cf.kw() * cf.dh();
        dx[i] = tap % cf.kw() * cf.dw();
        ch[i] = i % cf.inPerGroup();
      }
    }

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      final int mr = Gemm.MR;
      final int ow = cf.outW();
      final int hw = cf.outH() * ow;
      final int imgSize = cf.inH() * cf.inW() * cf.inC();
      for (int r = 0; r * mr < mc; r++) {
        int i = i0 + r * mr;
        int rowsHere = Math.min(mr, mc - r * mr);
        int d = dOff + r * kc * mr;
        int n = p0 / hw;
        int rem = p0 - n * hw;
        int oy = rem / ow;
        int ox = rem - oy * ow;
        for (int p = 0; p < kc; p++) {
          int iy0 = oy * cf.sh() - cf.padTop();
          int ix0 = ox * cf.sw() - cf.padLeft();
          int img = xOff + n * imgSize + chan;
          int dp = d + p * mr;
          for (int l = 0; l < rowsHere; l++) {
            int iy = iy0 + dy[i + l];
            int ix = ix0 + dx[i + l];
            dst[dp + l] = iy >= 0 && iy < cf.inH() && ix >= 0 && ix < cf.inW()
                ? x[img + (iy * cf.inW() + ix) * cf.inC() + ch[i + l]] : 0f;
          }
          for (int l = rowsHere; l < mr; l++) {
            dst[dp + l] = 0f;
          }
          if (++ox == ow) {
            ox = 0;
            if (++oy == cf.outH()) {
              oy = 0;
              n++;
            }
          }
        }
      }
    }
  }

  /**
   * Input-gradient gather (a transposed convolution). // op(A): (N·H·W)×(kh·kw·cout/g), row = input
   * pixel, column = (ky, kx, co); the value is dZ at the output pixel that tap connects to, or zero
   * when stride, padding or the border leave none.
   */
  static final class OutputTaps implements APacker {
    private final ConvConfig cf;
    float[] dz;
    int dzOff;
    int chan; // first output channel of the group

    OutputTaps(ConvConfig cf) {
      this.cf = cf;
    }

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      final int mr = Gemm.MR;
      final int og = cf.outPerGroup();
      final int hw = cf.inH() * cf.inW();
      final int rows = (mc + mr - 1) / mr * mr;
      for (int ii = 0; ii < rows; ii++) {
        int base = dOff + (ii / mr) * kc * mr + ii % mr;
        if (ii >= mc) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * mr] = 0f;
          }
          continue;
        }
        int row = i0 + ii;
        int n = row / hw;
        int rem = row - n * hw;
        int iy = rem / cf.inW();
        int ix = rem - iy * cf.inW();
        int img = dzOff + n * cf.outH() * cf.outW() * cf.outC() + chan;
        int tap = p0 / og;
        int co = p0 - tap * og;
        int end = p0 + kc;
        for (int p = p0; p < end; tap++, co = 0) {
          int len = Math.min(og - co, end - p);
          int ky = tap / cf.kw();
          int ty = iy + cf.padTop() - ky * cf.dh();
          int tx = ix + cf.padLeft() - (tap - ky * cf.kw()) * cf.dw();
          int oy = ty / cf.sh();
          int ox = tx / cf.sw();
          int d = base + (p - p0) * mr;
          if (ty >= 0 && tx >= 0 && oy * cf.sh() == ty && ox * cf.sw() == tx && oy < cf.outH()
              && ox < cf.outW()) {
            int src = img + (oy * cf.outW() + ox) * cf.outC() + co;
            for (int t = 0; t < len; t++) {
              dst[d + t * mr] = dz[src + t];
            }
          } else {
            for (int t = 0; t < len; t++) {
              dst[d + t * mr] = 0f;
            }
          }
          p += len;
        }
      }
    }
  }

  /**
   * The HWIO weight of group g seen with input and output swapped. // op(B): (kh·kw·cout/g)×(cin/g),
   * element ((ky, kx, co), ci) = W[ky, kx, ci, g·cout/g + co].
   */
  static final class SwappedWeights implements BPacker {
    private final ConvConfig cf;
    float[] w;
    int chan; // first output channel of the group

    SwappedWeights(ConvConfig cf) {
      this.cf = cf;
    }

    @Override
    public void packB(float[] dst, int dOff, int j0, int nc, int p0, int kc) {
      final int nrMax = Gemm.NR;
      final int og = cf.outPerGroup();
      final int cg = cf.inPerGroup();
      final int cout = cf.outC();
      for (int s = 0; s * nrMax < nc; s++) {
        int j = j0 + s * nrMax;
        int nr = Math.min(nrMax, nc - s * nrMax);
        int d = dOff + s * kc * nrMax;
        for (int p = 0; p < kc; p++) {
          int tap = (p0 + p) / og;
          int co = (p0 + p) - tap * og;
          int src = (tap * cg + j) * cout + chan + co;
          int dp = d + p * nrMax;
          for (int jj = 0; jj < nr; jj++) {
            dst[dp + jj] = w[src + jj * cout];
          }
          for (int jj = nr; jj < nrMax; jj++) {
            dst[dp + jj] = 0f;
          }
        }
      }
    }
  }
}
