package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.APacker;
import dev.cnnc.runtime.gemm.BPacker;
import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;

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
      if (gather.indexed) {
        int[] scratch = PatchGather.scratch();
        for (int ii = 0; ii < mc; ii += mr) {
          gather.panel(i0 + ii, Math.min(mr, mc - ii), p0, p0 + kc, dst, dOff + ii * kc, mr,
              scratch);
        }
      } else if (RowPanel.VECTORISED) {
        PanelSources src = PanelSources.get();
        for (int ii = 0; ii < mc; ii += mr) {
          gather.panelA(i0 + ii, Math.min(mr, mc - ii), p0, p0 + kc, dst, dOff + ii * kc, src);
        }
        src.clear();
        return; // panelA zeroes the rows past mc
      } else {
        for (int ii = 0; ii < mc; ii++) {
          gather.gather(i0 + ii, p0, p0 + kc, dst, dOff + (ii / mr) * kc * mr + ii % mr, mr);
        }
      }
      // rows of the last panel past mc are zero
      for (int ii = mc; ii < (mc + mr - 1) / mr * mr; ii++) {
        int base = dOff + (ii / mr) * kc * mr + ii % mr;
        for (int p = 0; p < kc; p++) {
          dst[base + p * mr] = 0f;
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
      gather.panelRowsB(p0, kc, j0, nc, kc, dst, dOff);
    }
  }

  /**
   * The patches transposed as operand A of the weight gradient taken as dW = Pᵀ·dZ, for layers
   * whose short kernel rows are built by vector copies ({@link PatchGather#buildsShortRows}).
   * // op(A): (kh·kw·cin)×(N·OH·OW), row = (ky, kx, ci), column = output pixel.
   */
  static final class PatchesAT implements APacker {
    final PatchGather gather;

    /** Reads through the weight gradient's B gatherer: one input pointer for both orientations. */
    PatchesAT(PatchGather gather) {
      this.gather = gather;
    }

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      gather.transposedA(i0, mc, p0, kc, dst, dOff);
    }
  }

  /**
   * Transposed forward patches, for layers with few filters ({@link TransposedForward}).
   * // op(B): (kh·kw·cin/g)×(N·OH·OW), row = (ky, kx, ci) of group g, column = output pixel.
   */
  static final class PatchesT implements BPacker {
    final PatchGather gather;

    PatchesT(ConvConfig cf) {
      this.gather = new PatchGather(cf);
    }

    @Override
    public void packB(float[] dst, int dOff, int j0, int nc, int p0, int kc) {
      final int nrMax = Gemm.NR;
      int[] scratch = PatchGather.scratch();
      for (int s = 0; s * nrMax < nc; s++) {
        int d = dOff + s * kc * nrMax;
        int pixels = Math.min(nrMax, nc - s * nrMax);
        gather.panel(j0 + s * nrMax, pixels, p0, p0 + kc, dst, d, nrMax, scratch);
        for (int p = 0; pixels < nrMax && p < kc; p++) { // columns past the last pixel are zero
          java.util.Arrays.fill(dst, d + p * nrMax + pixels, d + (p + 1) * nrMax, 0f);
        }
      }
    }
  }

  /**
   * One stride phase of the input-gradient pass. Input pixel (iy, ix) is reached only by taps with
   * ky·dh ≡ iy + padTop (mod sh) and kx·dw ≡ ix + padLeft (mod sw), so pixels sharing those residues
   * form a sub-grid (rows iy0, iy0 + sh, …) that all use the same tap subset. Splitting by phase
   * means no multiply-adds on taps that reach nothing (3/4 of them for a 3×3 stride-2 layer).
   */
  static final class Phase {
    final int iy0;
    final int rows;
    final int ix0;
    final int cols;
    final int[] taps; // ky·kw + kx
    /** padTop − ky·dh and padLeft − kx·dw of each tap: iy + dy[t] is sh times the output row. */
    final int[] dy;
    final int[] dx;

    Phase(int iy0, int rows, int ix0, int cols, int[] taps, ConvConfig cf) {
      this.iy0 = iy0;
      this.rows = rows;
      this.ix0 = ix0;
      this.cols = cols;
      this.taps = taps;
      dy = new int[taps.length];
      dx = new int[taps.length];
      for (int t = 0; t < taps.length; t++) {
        dy[t] = cf.padTop() - taps[t] / cf.kw() * cf.dh();
        dx[t] = cf.padLeft() - taps[t] % cf.kw() * cf.dw();
      }
    }

    static Phase[] all(ConvConfig cf) {
      Phase[] out = new Phase[cf.sh() * cf.sw()];
      for (int ry = 0; ry < cf.sh(); ry++) {
        for (int rx = 0; rx < cf.sw(); rx++) {
          int iy0 = Math.floorMod(ry - cf.padTop(), cf.sh());
          int ix0 = Math.floorMod(rx - cf.padLeft(), cf.sw());
          int rows = iy0 < cf.inH() ? (cf.inH() - 1 - iy0) / cf.sh() + 1 : 0;
          int cols = ix0 < cf.inW() ? (cf.inW() - 1 - ix0) / cf.sw() + 1 : 0;
          int[] taps = new int[cf.kh() * cf.kw()];
          int n = 0;
          for (int ky = 0; ky < cf.kh(); ky++) {
            for (int kx = 0; kx < cf.kw(); kx++) {
              if (ky * cf.dh() % cf.sh() == ry && kx * cf.dw() % cf.sw() == rx) {
                taps[n++] = ky * cf.kw() + kx;
              }
            }
          }
          out[ry * cf.sw() + rx] = new Phase(iy0, rows, ix0, cols, java.util.Arrays.copyOf(taps, n),
              cf);
        }
      }
      return out;
    }

    /** dIn offset (without the group's channel offset) of every pixel of this phase, in row order. */
    void rowOffsets(ConvConfig cf, int batch, int[] dst) {
      int r = 0;
      for (int n = 0; n < batch; n++) {
        for (int a = 0; a < rows; a++) {
          int iy = iy0 + a * cf.sh();
          for (int b = 0; b < cols; b++) {
            dst[r++] = ((n * cf.inH() + iy) * cf.inW() + ix0 + b * cf.sw()) * cf.inC();
          }
        }
      }
    }
  }

  /**
   * Input-gradient gather (a transposed convolution) for one stride phase. // op(A):
   * (N·rows·cols)×(taps·cout/g), row = input pixel of the phase, column = (tap, co); the value is dZ
   * at the output pixel the tap connects to, or zero past the border.
   */
  static final class OutputTaps implements APacker {
    private static final ThreadScratch SCRATCH = new ThreadScratch();
    private final ConvConfig cf;
    Phase phase;
    float[] dz;
    int dzOff;
    int chan; // first output channel of the group

    OutputTaps(ConvConfig cf) {
      this.cf = cf;
    }

    /**
     * Panel by panel, tap by tap: the six rows' runs of dZ as one six-row transpose, a row whose tap
     * reaches no output pixel (or that lies past mc) reading zeros; a row at a time before JDK 25
     * or for runs shorter than a vector.
     */
    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc) {
      final int mr = Gemm.MR;
      final int og = cf.outPerGroup();
      final int end = p0 + kc;
      // Runs shorter than a vector would only take the transpose's scalar tail (depthwise layers).
      PanelSources src =
          RowPanel.VECTORISED && og >= Gemm.vectorLength() ? PanelSources.get() : null;
      // per row of a panel: image offset in dZ, iy, ix
      int[] at = src != null ? src.pixels : SCRATCH.ints(3 * mr);
      float[] zero = src != null ? RowPanel.zeros(og) : null;
      for (int ii = 0; ii < mc; ii += mr) {
        int count = Math.min(mr, mc - ii);
        int d = dOff + ii * kc;
        for (int r = 0; r < count; r++) {
          locate(i0 + ii + r, at, 3 * r);
        }
        int t = p0 / og;
        int co = p0 - t * og;
        for (int p = p0; p < end; t++, co = 0) {
          int len = Math.min(og - co, end - p);
          int dp = d + (p - p0) * mr;
          if (src != null) {
            for (int r = 0; r < mr; r++) {
              int s = r < count ? source(at, 3 * r, t, co) : -1;
              src.set(r, s < 0 ? zero : dz, Math.max(s, 0));
            }
            src.pack(len, dst, dp);
          } else {
            for (int r = 0; r < count; r++) {
              int from = source(at, 3 * r, t, co);
              if (from < 0) {
                for (int q = 0; q < len; q++) {
                  dst[dp + r + q * mr] = 0f;
                }
              } else {
                for (int q = 0; q < len; q++) {
                  dst[dp + r + q * mr] = dz[from + q];
                }
              }
            }
          }
          p += len;
        }
        for (int r = src != null ? mr : count; r < mr; r++) { // rows past mc are zero
          for (int q = 0; q < kc; q++) {
            dst[d + r + q * mr] = 0f;
          }
        }
      }
      if (src != null) {
        src.clear();
      }
    }

    /** Stores the dZ image offset and the input position of the phase's row at at[i..i + 3). */
    private void locate(int row, int[] at, int i) {
      int perImage = phase.rows * phase.cols;
      int n = row / perImage;
      int rem = row - n * perImage;
      int a = rem / phase.cols;
      at[i] = dzOff + n * cf.outH() * cf.outW() * cf.outC() + chan;
      at[i + 1] = phase.iy0 + a * cf.sh();
      at[i + 2] = phase.ix0 + (rem - a * phase.cols) * cf.sw();
    }

    /** The dZ offset of output channel co at the pixel tap t reaches from a located row, or −1. */
    private int source(int[] at, int i, int t, int co) {
      int vy = at[i + 1] + phase.dy[t];
      int vx = at[i + 2] + phase.dx[t];
      // Exact divisions (the phase guarantees divisibility), so truncation equals floor even below
      // zero; stride 1, the common case, skips the division. Only the border remains.
      int oy = cf.sh() == 1 ? vy : vy / cf.sh();
      int ox = cf.sw() == 1 ? vx : vx / cf.sw();
      if (oy < 0 || ox < 0 || oy >= cf.outH() || ox >= cf.outW()) {
        return -1;
      }
      return at[i] + (oy * cf.outW() + ox) * cf.outC() + co;
    }
  }

  /**
   * The HWIO weight of group g with input and output swapped, restricted to a phase's taps.
   * // op(B): (taps·cout/g)×(cin/g), element ((tap, co), ci) = W[tap, ci, g·cout/g + co].
   */
  static final class SwappedWeights implements BPacker {
    private final ConvConfig cf;
    int[] taps;
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
      // Column jj of a panel is a run of W along co (contiguous in memory): read runs, write the
      // panel's columns. The panel (kc×NR, ≤ 32 KiB) stays in L1 while it fills, so the strided
      // writes are cheap; reading W across co instead cost 1.5 ns per float (ResNet-18's
      // 512-channel 3×3: 2.5 ms of a 29 ms batch-8 backward).
      for (int s = 0; s * nrMax < nc; s++) {
        int j = j0 + s * nrMax;
        int nr = Math.min(nrMax, nc - s * nrMax);
        int d = dOff + s * kc * nrMax;
        for (int jj = 0; jj < nrMax; jj++) {
          if (jj >= nr) {
            for (int p = 0; p < kc; p++) {
              dst[d + p * nrMax + jj] = 0f;
            }
            continue;
          }
          int p = 0;
          while (p < kc) {
            int t = (p0 + p) / og;
            int co = (p0 + p) - t * og;
            int len = Math.min(og - co, kc - p);
            int src = (taps[t] * cg + j + jj) * cout + chan + co;
            int dp = d + p * nrMax + jj;
            for (int q = 0; q < len; q++) {
              dst[dp + q * nrMax] = w[src + q];
            }
            p += len;
          }
        }
      }
    }
  }
}
