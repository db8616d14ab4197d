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
  private static final int NR = Gemm.NR;
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
  /** Patch rows built by vector copies, for short kernel rows; null where that does not apply. */
  private final ShortRowPatches shortRows;
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
    shortRows = indexed ? ShortRowPatches.forLayer(cf) : null;
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
    if (shortRows != null && stride == MR && RowPanel.VECTORISED) {
      shortRows.panelA(x, locate(row0, count, count, scratch), count, kFrom, kTo, dst, dOff);
      return;
    }
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

  /** Whether {@link #transposedA} applies: short kernel rows built by vector copies. */
  boolean buildsShortRows() {
    return shortRows != null;
  }

  /**
   * Patch indices [i0, i0 + mc) of output pixels [p0, p0 + kc) as a block of operand A = Pᵀ (see
   * {@link ShortRowPatches#transposedA}); only where {@link #buildsShortRows}.
   */
  void transposedA(int i0, int mc, int p0, int kc, float[] dst, int dOff) {
    shortRows.transposedA(x, locate(p0, kc, kc, SCRATCH.ints(3 * kc)), i0, mc, kc, dst, dOff);
  }

  /**
   * Packs output pixels [row0, row0 + rows) as rows of B micro-panels over patch indices [kFrom,
   * kFrom + nc): panel s (NR indices from kFrom + s·NR, its columns past nc zeroed) starts at
   * dst[dOff + s·kc·NR] and pixel p's row at + (p − row0)·NR. Pixels with a tap in the padding
   * take the general {@link #gatherPanels}. The others are written panel by panel, so that the
   * destination is one sequential stream rather than a row at a time into every panel (kc·NR
   * floats apart), and NR indices that are consecutive in the input (within a run of channels)
   * are one copy. Against a row gathered whole and then cut into the panels (2026-11-26, same JVM,
   * interleaved, batch 8): weight gradients 0.98–1.12× as fast on 1 thread, 0.96–1.13× on 2,
   * ResNet-18's 3×3 64 the most.
   */
  void panelRowsB(int row0, int rows, int kFrom, int nc, int kc, float[] dst, int dOff) {
    if (shortRows != null) {
      shortRows.panelRows(x, locate(row0, rows, rows, SCRATCH.ints(3 * rows)), rows, kFrom, nc,
          kc, dst, dOff);
      return;
    }
    int[] bases = interiorBases(row0, rows, SCRATCH.ints(3 * rows));
    for (int p = 0; p < rows; p++) {
      if (bases[p] < 0) {
        gatherPanels(row0 + p, kFrom, nc, dst, dOff + p * NR, kc * NR);
      }
    }
    for (int s = 0; s * NR < nc; s++) {
      int nr = Math.min(NR, nc - s * NR);
      int k0 = kFrom + s * NR;
      int d = dOff + s * kc * NR;
      if (nr == NR && contiguous(k0)) {
        copyRuns(bases, rows, kOffset[k0], dst, d);
      } else {
        copyIndexed(bases, rows, k0, nr, dst, d);
      }
    }
  }

  /**
   * dst[d + p·NR …] = the NR floats at x[bases[p] + off] for each interior pixel p. Its own method,
   * so the JIT's profile of it is not the indexed copy's; and System.arraycopy rather than two
   * vector moves: compiled after a 1-channel layer's weight gradient, the vector form was left as
   * library calls and ResNet-18's 3×3 64 weight gradient ran 0.82× the old speed instead of 1.14×.
   */
  private void copyRuns(int[] bases, int rows, int off, float[] dst, int d) {
    for (int p = 0; p < rows; p++) {
      int base = bases[p];
      if (base < 0) {
        continue;
      }
      System.arraycopy(x, base + off, dst, d + p * NR, NR);
    }
  }

  /** dst[d + p·NR + kk] = x[bases[p] + kOffset[k0 + kk]] for kk < nr, zeros to NR. */
  private void copyIndexed(int[] bases, int rows, int k0, int nr, float[] dst, int d0) {
    for (int p = 0; p < rows; p++) {
      int base = bases[p];
      if (base < 0) {
        continue;
      }
      int d = d0 + p * NR;
      for (int kk = 0; kk < nr; kk++) {
        dst[d + kk] = x[base + kOffset[k0 + kk]];
      }
      if (nr < NR) {
        java.util.Arrays.fill(dst, d + nr, d + NR, 0f);
      }
    }
  }

  /** Whether patch indices [k0, k0 + NR) are NR consecutive floats of the input. */
  private boolean contiguous(int k0) {
    for (int k = k0 + 1; k < k0 + NR; k++) {
      if (kOffset[k] != kOffset[k - 1] + 1) {
        return false;
      }
    }
    return true;
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
    gather(row, kFrom, kTo, dst, dOff, stride, 0);
  }

  /**
   * Writes patch values [kFrom, kFrom + nc) of output pixel row as one row of consecutive B
   * micro-panels, NR values to a panel: value k to dst[dOff + j / NR · panelStride + j % NR] with
   * j = k − kFrom; the last panel's columns past nc are zeroed. Straight into the panels: gathering
   * the row and then cutting it into panels copied every value twice.
   */
  void gatherPanels(int row, int kFrom, int nc, float[] dst, int dOff, int panelStride) {
    gather(row, kFrom, kFrom + nc, dst, dOff, 1, panelStride);
    int tail = nc % NR;
    if (tail != 0) { // the kernel then never multiplies stale floats (NaN, denormal) into them
      int d = dOff + nc / NR * panelStride;
      java.util.Arrays.fill(dst, d + tail, d + NR, 0f);
    }
  }

  /**
   * {@link #gather(int, int, int, float[], int, int)}, or with panelStride > 0 into panels as
   * {@link #gatherPanels} (stride 1).
   */
  private void gather(int row, int kFrom, int kTo, float[] dst, int dOff, int stride,
      int panelStride) {
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
          put(null, 0, dst, dOff, k - kFrom, rowEnd - k, stride, panelStride);
        } else {
          int vLo = Math.max(k, rowStart + kxLo * cg);
          int vHi = Math.min(rowEnd, rowStart + kxHi * cg);
          if (vLo >= vHi) {
            put(null, 0, dst, dOff, k - kFrom, rowEnd - k, stride, panelStride);
          } else {
            put(null, 0, dst, dOff, k - kFrom, vLo - k, stride, panelStride);
            int src = img + (iy * cf.inW() + ix0) * cf.inC() + (vLo - rowStart);
            put(x, src, dst, dOff, vLo - kFrom, vHi - vLo, stride, panelStride);
            put(null, 0, dst, dOff, vHi - kFrom, rowEnd - vHi, stride, panelStride);
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
      boolean inside = iy >= 0 && iy < cf.inH() && ix >= 0 && ix < cf.inW();
      put(inside ? x : null, img + (iy * cf.inW() + ix) * cf.inC() + ci, dst, dOff, k - kFrom,
          len, stride, panelStride);
      k += len;
    }
  }

  /**
   * Writes len values from src[s] (zeros when src is null) to positions j… of the destination:
   * dst[dOff + j·stride], or with panelStride > 0 split into NR-wide panels as in
   * {@link #gatherPanels}.
   */
  private static void put(float[] src, int s, float[] dst, int dOff, int j, int len, int stride,
      int panelStride) {
    if (panelStride == 0) {
      if (src == null) {
        zero(dst, dOff + j * stride, len, stride);
      } else {
        copy(src, s, dst, dOff + j * stride, len, stride);
      }
      return;
    }
    while (len > 0) {
      int col = j % NR;
      int n = Math.min(len, NR - col);
      int d = dOff + j / NR * panelStride + col;
      if (src == null) {
        java.util.Arrays.fill(dst, d, d + n, 0f);
      } else {
        System.arraycopy(src, s, dst, d, n);
        s += n;
      }
      j += n;
      len -= n;
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
