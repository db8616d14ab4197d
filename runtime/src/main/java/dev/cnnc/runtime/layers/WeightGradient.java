package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.APacker;
import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.MatrixA;
import dev.cnnc.runtime.gemm.MatrixB;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;

/**
 * A convolution's weight gradient, per group g: dW_gᵀ = dZ_gᵀ · P_g (og × patch), computed into a
 * scratch and added transposed into the HWIO gradient, whole or — for a thread that shares the
 * columns out itself ({@link Conv2d}'s side-by-side backward) — by column blocks; or, for some
 * layers with short kernel rows, dW = Pᵀ·dZ added straight in ({@link #patchesT}).
 * // A: og×rows (dZᵀ), B: rows×patch (the patches), C: og×patch, added to dW (patch×cout).
 */
final class WeightGradient {
  /**
   * Column blocks at the end of a side-by-side weight gradient that either thread may take: the
   * last eighth of its columns, so the thread whose product finishes first takes some of the
   * other's instead of waiting ({@link #handsOffColumns}).
   */
  static final int TAIL_BLOCKS = 2;

  /** Fewest columns (patch length) for which handing off pays ({@link #handsOffColumns}). */
  static final int HAND_OFF_MIN_COLUMNS = 2048;

  private final ConvConfig cf;
  private final Parameter weight;
  private final ConvPackers.PatchesB patches;
  private final MatrixA dzT = new MatrixA();
  /**
   * Layers with short kernel rows take dW = Pᵀ·dZ instead when its micro-tiles are at least as
   * full: the patches transposed as A (each pixel's row built by vector copies), dZ read in place
   * as B, the product added straight into the HWIO gradient. Null for the others. Fashion CNN
   * conv1 (64 filters, patch 49) fills 91 % of its tiles this way against 74 %, and drops the
   * transposing pack of dZ: its weight gradient at batch 8, same JVM, 5 rounds, both orders, ran
   * 1.34–1.36× as fast on 1 thread and 1.32–1.35× on 2 (1.41–1.45× at batch 64); ResNet-18's stem
   * (98 % against 89 %) 0.99–1.02. LeNet-5's C1 (6 filters, patch 25) keeps dZᵀ·P: flipped, its 6
   * columns would fill a fifth of a panel.
   */
  private final ConvPackers.PatchesAT patchesT;
  /**
   * Where flipped, with one input channel and unit steps across (Fashion CNN conv1): Pᵀ from a
   * zero-padded copy of the input instead of {@link #patchesT}. Same floats; conv1's backward,
   * same JVM, 15 rounds, both orders, ran 1.13× as fast on 1 and on 2 threads at batch 8 (1.07–1.15
   * at batch 64, 9 rounds).
   */
  private final PlanePatchesT plane;
  private final MatrixB dzRows = new MatrixB();
  /** Partial sums of C while K spans several blocks. */
  private float[] scratch = new float[0];

  WeightGradient(ConvConfig cf, Parameter weight) {
    this.cf = cf;
    this.weight = weight;
    this.patches = new ConvPackers.PatchesB(cf);
    boolean fuller = tileUse(cf.patchSize(), cf.outPerGroup())
        >= tileUse(cf.outPerGroup(), cf.patchSize());
    this.patchesT = patches.gather.buildsShortRows() && fuller
        ? new ConvPackers.PatchesAT(patches.gather) : null;
    this.plane = patchesT != null ? PlanePatchesT.forLayer(cf) : null;
  }

  /** The share of an m×n product's MR×NR micro-tiles that holds C's elements. */
  private static double tileUse(int m, int n) {
    int mp = (m + Gemm.MR - 1) / Gemm.MR * Gemm.MR;
    int np = (n + Gemm.NR - 1) / Gemm.NR * Gemm.NR;
    return (double) m * n / ((double) mp * np);
  }

  /** Whether this layer takes dW = Pᵀ·dZ (see {@link #patchesT}). */
  boolean flipped() {
    return patchesT != null;
  }

  /**
   * dW_g += (dZ_gᵀ·P_g)ᵀ for every group, or dW += Pᵀ·dZ where {@link #flipped}; split between
   * the threads when {@code parallel}.
   */
  void add(Tensor in, int rows, float[] dz, int dzOff, boolean parallel) {
    int og = cf.outPerGroup();
    if (patchesT != null) { // one group
      APacker pt = patchesT;
      if (plane != null) {
        plane.pad(in.data, in.offset, in.n);
        pt = plane;
      } else {
        pointAt(in, 0);
      }
      dzRows.set(dz, dzOff, cf.outC(), false);
      try {
        Gemm.run(cf.patchSize(), og, rows, pt, dzRows, null, 1f, weight.grad, 0, cf.outC(), null,
            null, 0, false, parallel);
      } finally {
        clear();
      }
      return;
    }
    for (int g = 0; g < cf.groups(); g++) {
      prepare(in, dz, dzOff, g);
      Gemm.runAddTransposed(og, cf.patchSize(), rows, dzT, patches, scratch, weight.grad, g * og,
          cf.outC(), parallel);
    }
    clear();
  }

  /**
   * Whether a side-by-side weight gradient hands its last columns to whichever thread is free: one
   * group, a product not split along K (a K-split one is added whole), and a patch of at least
   * {@link #HAND_OFF_MIN_COLUMNS}. The two products do not always take the same time — ResNet-18's
   * 3×3 256 weight gradient at batch 8 runs 14–18 % longer than its input gradient — and a thread
   * that finishes first would otherwise wait. Every column block packs all of dZᵀ again (about 15 /
   * patch length of the weight gradient's time), so short patches lose: with 4 blocks of a
   * sixteenth from 576 columns up, 2 threads, both orders, Fashion CNN conv2 0.92–0.98, ResNet-18's
   * 3×3 128 0.93, 3×3 256 1.02–1.14. The floats are the same whoever computes a column.
   */
  boolean handsOffColumns(int rows) {
    return patchesT == null && cf.groups() == 1 && cf.patchSize() >= HAND_OFF_MIN_COLUMNS
        && !Gemm.gradientSplitsK(cf.outPerGroup(), cf.patchSize(), rows);
  }

  /** First column of tail block b (b = TAIL_BLOCKS: the end): the last eighth, in panels. */
  int tailStart(int b) {
    int k = cf.patchSize();
    int units = (k + Gemm.NR - 1) / Gemm.NR;
    int tail = units / 8;
    return Math.min(k, (units - tail + tail * b / TAIL_BLOCKS) * Gemm.NR);
  }

  /** Columns [j0, j1) of group 0's product, on the calling thread, after {@link #prepare}. */
  void addColumns(int rows, int j0, int j1) {
    Gemm.runAddTransposedColumns(cf.outPerGroup(), cf.patchSize(), rows, j0, j1, dzT, patches,
        scratch, weight.grad, 0, cf.outC());
  }

  /** Points the packers at group g's dZᵀ and patches, and sizes the scratch. */
  void prepare(Tensor in, float[] dz, int dzOff, int g) {
    int og = cf.outPerGroup();
    if (scratch.length < og * cf.patchSize()) {
      scratch = new float[og * cf.patchSize()];
    }
    pointAt(in, g);
    dzT.set(dz, dzOff + g * og, cf.outC(), true, 1f);
  }

  /** Points the patch gatherer (shared by both orientations) at group g of the input. */
  private void pointAt(Tensor in, int g) {
    patches.gather.x = in.data;
    patches.gather.xOff = in.offset;
    patches.gather.chan = g * cf.inPerGroup();
  }

  /** Lets go of the caller's arrays held by the packers, and marks the padded copy stale. */
  void clear() {
    if (plane != null) {
      plane.clear();
    }
    patches.gather.x = null;
    dzT.set(null, 0, 0, false, 1f);
    dzRows.set(null, 0, 0, false);
  }
}
