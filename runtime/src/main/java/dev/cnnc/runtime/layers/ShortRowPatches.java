package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Patch rows of a layer whose kernel rows are short runs — one group, dw = 1 and kw·C of at most
 * two vectors (Fashion CNN conv1: 7 floats, LeNet-5 C1: 5, ResNet-18's stem: 21) — built with
 * vector copies. Each kernel row is one or two whole-vector loads from the input stored at its
 * place in a scratch row; the lanes past the run spill into the next kernel row's place, which
 * that row's stores then overwrite, so no mask is needed. A row in the padding is a zero vector;
 * one cut by the left or right border copies its inside part the same way and zeroes the rest.
 * Finished rows go into the weight gradient's B panels a vector at a time, or into the forward's
 * A panels by six-row transposes ({@link RowPanel}). A pure copy: the floats do not change.
 *
 * <p>Before, float by float ({@link PatchGather}'s indexed copy, and run by run with zero fills
 * for the 38 % of Fashion CNN conv1's pixels at a border), packing the patches took 407 of the
 * 1,007 µs of conv1's weight gradient at batch 8 on 1 thread (timed inside the driver). Same JVM,
 * 5 rounds, both orders, old time / new (2026-11-26, Zen 4): conv1 at batch 8 backward 1.25–1.29
 * on 1 thread and 1.17–1.27 on 2, forward 1.32–1.35 and 1.20–1.25; ResNet-18's stem at batch 8
 * backward 1.20–1.22 and 1.07–1.17, forward 1.28 and 1.23–1.27.
 */
final class ShortRowPatches {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();
  private static final int NR = Gemm.NR;
  private static final int MR = Gemm.MR;
  private static final ThreadScratch ROW = new ThreadScratch();
  /** Pixels whose rows are built before any is copied out. */
  private static final int GROUP = 8; // at least MR

  private final int kh;
  private final int kw;
  private final int dh;
  private final int h;
  private final int w;
  private final int c;
  private final int kwc;
  private final int rowStep;
  private final int copies;
  private final int patch;
  /** How far past a pixel's top-left tap its whole-vector loads read. */
  private final int reach;
  /** Scratch row length: the patch, the last run's spill, and whole panels past the patch. */
  private final int rowLength;

  private ShortRowPatches(ConvConfig cf) {
    kh = cf.kh();
    kw = cf.kw();
    dh = cf.dh();
    h = cf.inH();
    w = cf.inW();
    c = cf.inC();
    kwc = cf.kw() * cf.inC();
    rowStep = cf.dh() * cf.inW() * cf.inC();
    copies = (kwc + V - 1) / V;
    patch = cf.patchSize();
    rowLength = (patch + copies * V + NR - 1) / NR * NR + NR;
    reach = (kh - 1) * rowStep + copies * V;
  }

  /**
   * For layers this applies to, else null: vectors on ({@link Simd#VECTOR_DEFAULT}), whole NR
   * panels of two vectors, one group, dw = 1 and kernel rows of at most two vectors.
   */
  static ShortRowPatches forLayer(ConvConfig cf) {
    boolean fits = Simd.VECTOR_DEFAULT && NR == 2 * V && cf.groups() == 1 && cf.dw() == 1
        && cf.kw() * cf.inC() <= 2 * V;
    return fits ? new ShortRowPatches(cf) : null;
  }

  /**
   * Rows of B panels for pixels [0, rows), given as {@link PatchGather}'s locate triples in at
   * (image offset, input row and column of the top-left tap), over patch indices [kFrom, kFrom +
   * nc): panel s at dst[dOff + s·kc·NR], pixel p's row at + p·NR, columns past nc zero.
   */
  void panelRows(float[] x, int[] at, int rows, int kFrom, int nc, int kc, float[] dst,
      int dOff) {
    float[] row = ROW.floats(GROUP * rowLength);
    java.util.Arrays.fill(row, 0, GROUP * rowLength, 0f);
    int panels = (nc + NR - 1) / NR;
    for (int p0 = 0; p0 < rows; p0 += GROUP) {
      int count = Math.min(GROUP, rows - p0);
      for (int g = 0; g < count; g++) {
        buildAny(x, at, p0 + g, row, g * rowLength);
      }
      // A group of rows at a time, then panel by panel: each panel's part is one run of dst.
      for (int s = 0; s < panels; s++) {
        int k0 = kFrom + s * NR;
        int d = dOff + s * kc * NR + p0 * NR;
        for (int g = 0; g < count; g++) {
          int r = g * rowLength + k0;
          FloatVector.fromArray(S, row, r).intoArray(dst, d + g * NR);
          FloatVector.fromArray(S, row, r + V).intoArray(dst, d + g * NR + V);
        }
      }
      if (nc % NR != 0 && kFrom + nc < patch) { // past the patch the rows hold zeros already
        for (int g = 0; g < count; g++) {
          int d = dOff + (panels - 1) * kc * NR + (p0 + g) * NR;
          for (int j = nc % NR; j < NR; j++) {
            dst[d + j] = 0f;
          }
        }
      }
    }
  }

  /**
   * One micro-panel of A for pixels [0, count) (count ≤ MR, locate triples in at) over patch
   * indices [kFrom, kTo): the rows built as for B, then packed by six-row vector transposes
   * ({@link RowPanel}); rows past count are zero.
   */
  void panelA(float[] x, int[] at, int count, int kFrom, int kTo, float[] dst, int dOff) {
    float[] row = ROW.floats(GROUP * rowLength);
    float[] zeros = RowPanel.zeros(kTo - kFrom);
    for (int g = 0; g < count; g++) {
      buildAny(x, at, g, row, g * rowLength);
    }
    RowPanel.pack(row, kFrom, count > 1 ? row : zeros, offset(1, count, kFrom),
        count > 2 ? row : zeros, offset(2, count, kFrom), count > 3 ? row : zeros,
        offset(3, count, kFrom), count > 4 ? row : zeros, offset(4, count, kFrom),
        count > 5 ? row : zeros, offset(5, count, kFrom), kTo - kFrom, dst, dOff);
  }

  private int offset(int g, int count, int kFrom) {
    return g < count ? g * rowLength + kFrom : 0;
  }

  /**
   * One block of A = Pᵀ (patch indices down, pixels across) for a weight gradient taken as
   * dW = Pᵀ·dZ ({@link WeightGradient}): patch rows [i0, i0 + mc) of pixels [0, kc) (locate
   * triples in at), panel q at dst[dOff + q·kc·MR], pixel p's MR values at + p·MR, rows past mc
   * zero. Each pixel's row is built once and its MR-value slices stored a whole vector of S at a
   * time (one vector size in the runtime: {@code MatrixA.packRuns} says why); the lanes past a
   * slice land on the next pixels' places, which those pixels then overwrite (the panel's last
   * {@link Gemm#RUN_SPILL_STEPS} pixels copy exactly).
   */
  void transposedA(float[] x, int[] at, int i0, int mc, int kc, float[] dst, int dOff) {
    float[] row = ROW.floats(rowLength);
    int panels = (mc + MR - 1) / MR;
    int partial = mc % MR;
    for (int p = 0; p < kc; p++) {
      buildAny(x, at, p, row, 0);
      for (int q = 0; q < panels; q++) {
        int src = i0 + q * MR;
        int d = dOff + q * kc * MR + p * MR;
        if (p + Gemm.RUN_SPILL_STEPS < kc) {
          FloatVector.fromArray(S, row, src).intoArray(dst, d);
        } else {
          for (int r = 0; r < MR; r++) {
            dst[d + r] = row[src + r];
          }
        }
      }
      if (partial != 0) { // rows past mc, which the row holds only past the patch's end
        int d = dOff + (panels - 1) * kc * MR + p * MR;
        for (int r = partial; r < MR; r++) {
          dst[d + r] = 0f;
        }
      }
    }
  }

  /** Pixel p's row (locate triples in at) into row[r, r + patch), by whichever build fits. */
  private void buildAny(float[] x, int[] at, int p, float[] row, int r) {
    int img = at[3 * p];
    int iy0 = at[3 * p + 1];
    int ix0 = at[3 * p + 2];
    int base = img + (iy0 * w + ix0) * c;
    boolean inside = iy0 >= 0 && ix0 >= 0 && iy0 + (kh - 1) * dh < h && ix0 + kw <= w;
    if (inside && base + reach <= x.length) {
      build(x, base, row, r);
    } else {
      buildChecked(x, img, iy0, ix0, row, r);
    }
  }

  /**
   * {@link #build} for a pixel with taps in the padding (or too near the end of x for whole
   * vectors): a kernel row outside the input is zeros; one cut by the left or right border copies
   * its inside part as whole vectors too and then zeroes the taps outside.
   */
  private void buildChecked(float[] x, int img, int iy0, int ix0, float[] row, int r) {
    FloatVector zero = FloatVector.zero(S);
    int lo = Math.max(0, -ix0) * c; // the run's inside part: [lo, hi)
    int hi = Math.min(kw, w - ix0) * c;
    for (int ky = 0; ky < kh; ky++) {
      int iy = iy0 + ky * dh;
      int d = r + ky * kwc;
      if (iy < 0 || iy >= h || lo >= hi) {
        zero.intoArray(row, d);
        if (copies == 2) {
          zero.intoArray(row, d + V);
        }
        continue;
      }
      int s = img + (iy * w + ix0) * c;
      if (s + lo + copies * V <= x.length) {
        FloatVector.fromArray(S, x, s + lo).intoArray(row, d + lo);
        if (copies == 2) {
          FloatVector.fromArray(S, x, s + lo + V).intoArray(row, d + lo + V);
        }
      } else {
        for (int j = lo; j < hi; j++) {
          row[d + j] = x[s + j];
        }
      }
      for (int j = 0; j < lo; j++) {
        row[d + j] = 0f;
      }
      for (int j = hi; j < kwc; j++) {
        row[d + j] = 0f;
      }
    }
    zero.intoArray(row, r + patch);
    if (copies == 2) {
      zero.intoArray(row, r + patch + V);
    }
  }

  /** row[0, patch) = the patch at x[base]; the last run's spill past patch zeroed again. */
  private void build(float[] x, int base, float[] row, int r) {
    for (int ky = 0; ky < kh; ky++) {
      int s = base + ky * rowStep;
      int d = r + ky * kwc;
      FloatVector.fromArray(S, x, s).intoArray(row, d);
      if (copies == 2) {
        FloatVector.fromArray(S, x, s + V).intoArray(row, d + V);
      }
    }
    FloatVector zero = FloatVector.zero(S);
    zero.intoArray(row, r + patch);
    if (copies == 2) {
      zero.intoArray(row, r + patch + V);
    }
  }
}
