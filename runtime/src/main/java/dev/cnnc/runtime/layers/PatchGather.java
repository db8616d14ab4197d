package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;

/**
 * Reads one row of a convolution's patch (im2col) matrix straight from the NHWC input: the values
 * of output pixel {@code row} at patch indices [kFrom, kTo), index order (ky, kx, ci), zero where a
 * tap falls in the padding. When one group spans all channels and dw = 1, a kernel row (fixed ky) is
 * kw·C contiguous floats in memory, so it is copied as one run instead of kw runs of C (this is what
 * keeps the 1- and 3-channel first layers from being packing-bound).
 */
final class PatchGather {
  private static final int MR = Gemm.MR;
  private static final ThreadScratch SCRATCH = new ThreadScratch();
  private final ConvConfig cf;
  private final int cg;
  private final int kwc;
  private final boolean rowRuns;
  private final int[] tapY;
  private final int[] tapX;
  /** Input offset of patch index k from the patch's top-left tap, for pixels with every tap inside. */
  private final int[] kOffset;
  /** Runs this short are gathered element by element through kOffset rather than run by run. */
  final boolean indexed;
  float[] x;
  int xOff;
  int chan; // first input channel of the group

  PatchGather(ConvConfig cf) {
    this.cf = cf;
    this.cg = cf.inPerGroup();
    this.kwc = cf.kw() * cg;
    this.rowRuns = cf.groups() == 1 && cf.dw() == 1;
    int taps = cf.kh() * cf.kw();
    tapY = new int[taps];
    tapX = new int[taps];
    for (int t = 0; t < taps; t++) {
      tapY[t] = t / cf.kw() * cf.dh();
      tapX[t] = t % cf.kw() * cf.dw();
    }
    kOffset = new int[cf.patchSize()];
    for (int k = 0; k < kOffset.length; k++) {
      int t = k / cg;
      kOffset[k] = (tapY[t] * cf.inW() + tapX[t]) * cf.inC() + k % cg;
    }
    indexed = (rowRuns ? kwc : cg) < INDEXED_MAX_RUN;
  }

  /**
   * Runs shorter than this go element by element: LeNet-5's C1 (one channel, 5×5) gathers 5
   * runs of 5 floats per pixel, and the calls, bounds and zero fills around each run cost more
   * than the copy. Same JVM, interleaved, 1 thread, indexed over run by run (forward, weight
   * gradient): C1 b=64 1.93×, 3.67×; Fashion conv1 (7 floats) 1.30×, 1.32×; ResNet-18 stem (21)
   * 1.10×, 1.10×; with runs of 192 (ResNet-18 3×3 64) it loses, 0.80×, 0.81×.
   */
  static final int INDEXED_MAX_RUN = 32;

  /** This thread's scratch for {@link #panel} (panels of up to NR pixels). */
  static int[] scratch() {
    return SCRATCH.ints(3 * Gemm.NR);
  }

  /**
   * Packs output pixels [row0, row0 + count) at patch indices [kFrom, kTo) as one micro-panel
   * with the pixels across: value (pixel j, k) to dst[dOff + (k − kFrom)·stride + j] — a panel of
   * the patch matrix as GEMM operand A (stride MR) or of its transpose as operand B (stride NR).
   * For {@link #indexed} layers; pixels with a tap in the padding take the general {@link #gather}.
   * scratch: 3·count ints, from {@link #scratch} (taken once per block: a thread-local lookup per
   * panel showed in profiles).
   */
  void panel(int row0, int count, int kFrom, int kTo, float[] dst, int dOff, int stride,
      int[] scratch) {
    int[] bases = interiorBases(row0, count, scratch);
    for (int j = 0; j < count; j++) {
      int base = bases[j];
      if (base < 0) {
        gather(row0 + j, kFrom, kTo, dst, dOff + j, stride);
      } else {
        for (int k = kFrom; k < kTo; k++) {
          dst[dOff + (k - kFrom) * stride + j] = x[base + kOffset[k]];
        }
      }
    }
  }

  /**
   * Packs output pixels [row0, row0 + count) (count ≤ MR) at patch indices [kFrom, kTo) as one
   * micro-panel of A (value (pixel j, k) to dst[dOff + (k − kFrom)·MR + j]) with six-row vector
   * transposes ({@link RowPanel}): one per kernel row (one per tap without row runs), a pixel
   * reading zeros where the run lies in the padding; a kernel row cut by the left or right border
   * goes tap by tap. Rows past count are zero. src is the calling thread's (see
   * {@link PanelSources#get}).
   */
  void panelA(int row0, int count, int kFrom, int kTo, float[] dst, int dOff, PanelSources src) {
    int[] at = locate(row0, count, MR, src.pixels);
    float[] zero = RowPanel.zeros(kTo - kFrom);
    int run = rowRuns ? kwc : cg; // a kernel row, or one tap's channels
    int k = kFrom;
    while (k < kTo) {
      int t = k / run; // kernel row (row runs) or tap
      int runStart = t * run;
      int end = Math.min(runStart + run, kTo);
      boolean whole = true;
      for (int j = 0; j < MR; j++) {
        int img = at[3 * j];
        int iy = at[3 * j + 1] + (rowRuns ? t * cf.dh() : tapY[t]);
        int ix = at[3 * j + 2] + (rowRuns ? 0 : tapX[t]);
        int last = rowRuns ? ix + cf.kw() - 1 : ix; // the run's last input column
        if (img < 0 || iy < 0 || iy >= cf.inH() || last < 0 || ix >= cf.inW()) {
          src.set(j, zero, 0);
        } else if (ix >= 0 && last < cf.inW()) {
          src.set(j, x, img + (iy * cf.inW() + ix) * cf.inC() + k - runStart);
        } else {
          whole = false; // a kernel row cut by the border
        }
      }
      if (whole) {
        src.pack(end - k, dst, dOff + (k - kFrom) * MR);
      } else {
        cutKernelRow(at, t, k, end, zero, src, dst, dOff + (k - kFrom) * MR);
      }
      k = end;
    }
  }

  /** Kernel row ky's indices [k, end) tap by tap, each pixel reading its tap or zeros. */
  private void cutKernelRow(int[] at, int ky, int k, int end, float[] zero, PanelSources src,
      float[] dst, int d) {
    int rowStart = ky * kwc;
    while (k < end) {
      int kx = (k - rowStart) / cg;
      int tapEnd = Math.min(rowStart + (kx + 1) * cg, end);
      for (int j = 0; j < MR; j++) {
        int img = at[3 * j];
        int iy = at[3 * j + 1] + ky * cf.dh();
        int ix = at[3 * j + 2] + kx;
        if (img < 0 || iy < 0 || iy >= cf.inH() || ix < 0 || ix >= cf.inW()) {
          src.set(j, zero, 0);
        } else {
          src.set(j, x, img + (iy * cf.inW() + ix) * cf.inC() + (k - rowStart - kx * cg));
        }
      }
      src.pack(tapEnd - k, dst, d);
      d += (tapEnd - k) * MR;
      k = tapEnd;
    }
  }

  /**
   * For output pixels [row0, row0 + total): the image's offset in x (with the group's channel
   * offset), and the input row and column of the top-left tap, three ints each in at (3·total
   * long); pixels from count on get image offset −1 (a zero row). Consecutive pixels are stepped,
   * not divided out.
   */
  private int[] locate(int row0, int count, int total, int[] at) {
    int ow = cf.outW();
    int oh = cf.outH();
    int n = row0 / (oh * ow);
    int oy = row0 / ow - n * oh;
    int ox = row0 - row0 / ow * ow;
    for (int j = 0; j < total; j++) {
      at[3 * j] = j < count ? xOff + n * cf.inH() * cf.inW() * cf.inC() + chan : -1;
      at[3 * j + 1] = oy * cf.sh() - cf.padTop();
      at[3 * j + 2] = ox * cf.sw() - cf.padLeft();
      if (++ox == ow) {
        ox = 0;
        if (++oy == oh) {
          oy = 0;
          n++;
        }
      }
    }
    return at;
  }

  /**
   * Packs output pixels [row0, row0 + rows) as rows of B micro-panels over patch indices [kFrom,
   * kFrom + nc): panel s (NR indices from kFrom + s·NR, its columns past nc zeroed) starts at
   * dst[dOff + s·kc·NR] and pixel p's row at + (p − row0)·NR. For {@link #indexed} layers; a pixel
   * with a tap in the padding is gathered into {@code border} (≥ nc floats) first.
   */
  void panelRowsB(int row0, int rows, int kFrom, int nc, int kc, float[] dst, int dOff,
      float[] border) {
    final int nrMax = Gemm.NR;
    int[] bases = interiorBases(row0, rows, SCRATCH.ints(3 * rows));
    for (int p = 0; p < rows; p++) {
      int base = bases[p];
      if (base < 0) {
        gather(row0 + p, kFrom, kFrom + nc, border, 0, 1);
      }
      for (int s = 0; s * nrMax < nc; s++) {
        int nr = Math.min(nrMax, nc - s * nrMax);
        int d = dOff + s * kc * nrMax + p * nrMax;
        int k0 = kFrom + s * nrMax;
        if (base < 0) {
          System.arraycopy(border, s * nrMax, dst, d, nr);
        } else {
          for (int kk = 0; kk < nr; kk++) {
            dst[d + kk] = x[base + kOffset[k0 + kk]];
          }
        }
        if (nr < nrMax) {
          java.util.Arrays.fill(dst, d + nr, d + nrMax, 0f);
        }
      }
    }
  }

  /**
   * For output pixels [row0, row0 + count): the input offset of each one's top-left tap when every
   * tap is inside the input, else −1 (in scratch, 3·count long).
   */
  private int[] interiorBases(int row0, int count, int[] scratch) {
    int[] at = locate(row0, count, count, scratch);
    for (int j = 0; j < count; j++) { // base j overwrites entries already read
      int iy0 = at[3 * j + 1];
      int ix0 = at[3 * j + 2];
      boolean inside = iy0 >= 0 && ix0 >= 0 && iy0 + (cf.kh() - 1) * cf.dh() < cf.inH()
          && ix0 + (cf.kw() - 1) * cf.dw() < cf.inW();
      at[j] = inside ? at[3 * j] + (iy0 * cf.inW() + ix0) * cf.inC() : -1;
    }
    return at;
  }

  /** Writes patch values [kFrom, kTo) of output pixel row to dst[dOff + (k − kFrom)·stride]. */
  void gather(int row, int kFrom, int kTo, float[] dst, int dOff, int stride) {
    int ow = cf.outW();
    int hw = cf.outH() * ow;
    int n = row / hw;
    int rem = row - n * hw;
    int oy = rem / ow;
    int ox = rem - oy * ow;
    int iy0 = oy * cf.sh() - cf.padTop();
    int ix0 = ox * cf.sw() - cf.padLeft();
    int img = xOff + n * cf.inH() * cf.inW() * cf.inC() + chan;
    if (rowRuns) {
      // Valid kx are [kxLo, kxHi): the in-range part of a kernel row is one contiguous run.
      int kxLo = Math.max(0, -ix0);
      int kxHi = Math.min(cf.kw(), cf.inW() - ix0);
      int ky = kFrom / kwc;
      int k = kFrom;
      while (k < kTo) {
        int rowStart = ky * kwc;
        int rowEnd = Math.min(rowStart + kwc, kTo);
        int iy = iy0 + ky * cf.dh();
        if (iy < 0 || iy >= cf.inH() || kxLo >= kxHi) {
          zero(dst, dOff + (k - kFrom) * stride, rowEnd - k, stride);
        } else {
          int vLo = Math.max(k, rowStart + kxLo * cg);
          int vHi = Math.min(rowEnd, rowStart + kxHi * cg);
          if (vLo >= vHi) {
            zero(dst, dOff + (k - kFrom) * stride, rowEnd - k, stride);
          } else {
            zero(dst, dOff + (k - kFrom) * stride, vLo - k, stride);
            int src = img + (iy * cf.inW() + ix0) * cf.inC() + (vLo - rowStart);
            copy(x, src, dst, dOff + (vLo - kFrom) * stride, vHi - vLo, stride);
            zero(dst, dOff + (vHi - kFrom) * stride, rowEnd - vHi, stride);
          }
        }
        k = rowEnd;
        ky++;
      }
      return;
    }
    int tap = kFrom / cg;
    int ci = kFrom - tap * cg;
    for (int k = kFrom; k < kTo; tap++, ci = 0) {
      int len = Math.min(cg - ci, kTo - k);
      int iy = iy0 + tapY[tap];
      int ix = ix0 + tapX[tap];
      int d = dOff + (k - kFrom) * stride;
      if (iy >= 0 && iy < cf.inH() && ix >= 0 && ix < cf.inW()) {
        copy(x, img + (iy * cf.inW() + ix) * cf.inC() + ci, dst, d, len, stride);
      } else {
        zero(dst, d, len, stride);
      }
      k += len;
    }
  }

  /**
   * Strided copies into a packed A panel (stride MR) get their own loop: with the stride a
   * compile-time constant the JIT unrolls it, and packing a ResNet-18 1×1 stride-2 layer's patches
   * took 40 µs instead of 76 µs per call (392×256 floats, JDK 25).
   */
  private static void copy(float[] src, int s, float[] dst, int d, int len, int stride) {
    if (stride == 1 && len >= 16) {
      System.arraycopy(src, s, dst, d, len);
    } else if (stride == MR) {
      for (int t = 0; t < len; t++) {
        dst[d + t * MR] = src[s + t];
      }
    } else {
      for (int t = 0; t < len; t++) {
        dst[d + t * stride] = src[s + t];
      }
    }
  }

  private static void zero(float[] dst, int d, int len, int stride) {
    if (stride == 1) {
      java.util.Arrays.fill(dst, d, d + len, 0f);
    } else if (stride == MR) {
      for (int t = 0; t < len; t++) {
        dst[d + t * MR] = 0f;
      }
    } else {
      for (int t = 0; t < len; t++) {
        dst[d + t * stride] = 0f;
      }
    }
  }
}
