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
    final PatchGather gather;

    Patches(ConvConfig cf) {
      this.gather = new PatchGather(cf);
    }

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      final int mr = Gemm.MR;
      final int rows = (mc + mr - 1) / mr * mr;
      for (int ii = 0; ii < rows; ii++) {
        int base = dOff + (ii / mr) * kc * mr + ii % mr;
        if (ii < mc) {
          gather.gather(i0 + ii, p0, p0 + kc, dst, base, mr);
        } else {
          for (int p = 0; p < kc; p++) {
            dst[base + p * mr] = 0f;
          }
        }
      }
    }
  }

  /**
   * The same patches as the B operand of the weight-gradient GEMM dWᵀ = dZᵀ·P.
   * // op(B): (N·OH·OW)×(kh·kw·cin/g). Each packed panel row is NR consecutive patch values, so a
   * row is gathered with contiguous copies (packing the transposed patches instead would scatter
   * every element, which costs more than the GEMM itself for 64-channel layers).
   */
  static final class PatchesB implements BPacker {
    final PatchGather gather;

    PatchesB(ConvConfig cf) {
      this.gather = new PatchGather(cf);
    }

    @Override
    public void packB(float[] dst, int dOff, int j0, int nc, int p0, int kc) {
      final int nrMax = Gemm.NR;
      for (int p = 0; p < kc; p++) {
        for (int s = 0; s * nrMax < nc; s++) {
          int j = j0 + s * nrMax;
          int nr = Math.min(nrMax, nc - s * nrMax);
          int d = dOff + s * kc * nrMax + p * nrMax;
          gather.gather(p0 + p, j, j + nr, dst, d, 1);
          if (nr < nrMax) {
            java.util.Arrays.fill(dst, d + nr, d + nrMax, 0f);
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
