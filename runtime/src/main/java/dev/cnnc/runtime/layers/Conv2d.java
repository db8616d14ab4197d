package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.BPacker;
import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.MatrixB;
import dev.cnnc.runtime.gemm.PackedB;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 2-D convolution on NHWC activations with HWIO weights {@code <name>.weight [kh, kw, cin/groups,
 * cout]} and optional bias {@code <name>.bias [cout]}; any stride, dilation, asymmetric padding and
 * group count, plus a fused ReLU and (inference only) a folded per-channel affine.
 *
 * <p>All three passes are GEMMs on the packed Vector API kernel, per group g:
 * forward {@code Y_g = P_g · W_g}, weight gradient {@code dW_gᵀ = dZ_gᵀ · P_g} (computed into a
 * scratch and added transposed, which lets P be packed with contiguous copies), input gradient
 * {@code dX_g = T_g · W̃_g}, where P is the patch (im2col) matrix, T gathers for every input pixel
 * the dZ entries its taps reach (a transposed convolution) and W̃ is W with its in/out axes swapped.
 * The patch matrices are never materialised: {@link ConvPackers} build them directly inside the
 * GEMM's A-panel packing, so a 1×1 stride-1 convolution is exactly a plain GEMM on the input and
 * nothing is allocated per call. Why not a direct blocked convolution: with the gather fused into
 * packing, the patch copy costs O(K) per output row against O(K·cout) multiply-adds in the shared
 * micro-kernel, and the same kernel then serves all three passes and FC layers.
 * For stride > 1 the input gradient is split by stride phase (see {@link ConvPackers.Phase}) so no
 * work is spent on taps that reach no output. Layers with few channels (LeNet-5) compute the input
 * gradient by columns instead (col2im, {@link ColumnsInputGradient}), where the gather would pack
 * far more floats than it multiplies, and layers with few filters run the forward transposed
 * ({@link TransposedForward}) so the filters fill the micro-kernel's rows rather than a few of its
 * 32 columns.
 *
 * <p>Threads: the GEMMs split output rows (or columns) across {@link Parallel}; each element of Y,
 * dW, dX and dBias is reduced by one thread in a fixed order, so results are bit-identical for
 * every thread count (tested for 1, 2 and 3). An instance keeps reusable packing state, so one
 * instance serves one call at a time (as a network's layer does).
 *
 * <p>Connections (LeNet-5 C3): the weight stays a dense HWIO tensor, and a fixed 0/1 mask zeroes the
 * taps from channels a filter does not read. Forward re-zeroes masked weights before use (so an
 * initialiser or optimiser writing there is harmless) and backward zeroes their gradients after
 * accumulation, so masked weights and gradients are always zero when a step ends.
 *
 * <p>{@link #setInferenceAffine} folds a following BatchNorm: when {@code training == false} the
 * output is {@code act(scale[c]·(conv + bias)[c] + shift[c])}. Backward assumes a training forward.
 */
public final class Conv2d implements Layer {
  /** Elementwise passes smaller than this run serially (a pool fork costs more than ~30 µs of them). */
  static final int PARALLEL_MIN_ELEMENTS = 1 << 17;

  private final ConvConfig cf;
  private final Parameter weight;
  private final Parameter bias;
  private final float[] mask;
  private final boolean relu;
  private float[] affineScale;
  private float[] affineShift;
  private final float[] foldedShift;
  private final PackedB packed = new PackedB();
  private final ConvPackers.Patches patches;
  private final ConvPackers.OutputTaps taps;
  /** dW += (dZᵀ·P)ᵀ, whole or by column blocks, or Pᵀ·dZ for some short-row layers. */
  final WeightGradient weightGradient;
  private final ConvPackers.SwappedWeights swapped;
  private final MatrixB weightMat = new MatrixB();
  private float[] dzBuf = new float[0];
  private final ConvPackers.Phase[] phases;
  private int[] rowOffsets = new int[0];
  /**
   * The input gradient by columns (col2im) when that is cheaper for this geometry, else null (not
   * final so tests can run either path on the same layer).
   */
  ColumnsInputGradient byColumns;
  /** The forward pass transposed (filters as rows) when the layer has few filters, else null. */
  TransposedForward transposed;

  public Conv2d(ConvConfig config) {
    this.cf = config;
    this.weight = new Parameter(cf.name() + ".weight", true, cf.kh(), cf.kw(), cf.inPerGroup(),
        cf.outC());
    this.bias = cf.bias() ? new Parameter(cf.name() + ".bias", true, cf.outC()) : null;
    this.relu = cf.activation() == FusedActivation.RELU;
    this.foldedShift = new float[cf.outC()];
    this.mask = cf.connections() == null ? null : buildMask(cf);
    this.patches = new ConvPackers.Patches(cf);
    this.taps = new ConvPackers.OutputTaps(cf);
    this.weightGradient = new WeightGradient(cf, weight);
    this.swapped = new ConvPackers.SwappedWeights(cf);
    this.phases = ConvPackers.Phase.all(cf);
    this.byColumns = ColumnsInputGradient.pays(cf) ? new ColumnsInputGradient(cf) : null;
    this.transposed = TransposedForward.pays(cf) ? new TransposedForward(cf) : null;
  }

  private static float[] buildMask(ConvConfig cf) {
    int cin = cf.inC();
    int cout = cf.outC();
    boolean[][] reads = new boolean[cout][cin];
    int[][] table = cf.connections();
    for (int o = 0; o < cout; o++) {
      for (int ci : table[o]) {
        reads[o][ci] = true;
      }
    }
    float[] m = new float[cf.kh() * cf.kw() * cin * cout];
    for (int tap = 0; tap < cf.kh() * cf.kw(); tap++) {
      for (int ci = 0; ci < cin; ci++) {
        for (int o = 0; o < cout; o++) {
          m[(tap * cin + ci) * cout + o] = reads[o][ci] ? 1f : 0f;
        }
      }
    }
    return m;
  }

  public ConvConfig config() {
    return cf;
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Parameter bias() {
    return bias;
  }

  /**
   * Folds a per-channel affine (a following BatchNorm's scale and shift) into inference forwards.
   * The arrays are kept by reference and read on every inference forward, so the caller may update
   * them in place; pass nulls to remove the fold.
   */
  public void setInferenceAffine(float[] scale, float[] shift) {
    if ((scale == null) != (shift == null)) {
      throw new IllegalArgumentException("scale and shift must both be given or both be null");
    }
    if (scale != null && (scale.length != cf.outC() || shift.length != cf.outC())) {
      throw new IllegalArgumentException("affine needs " + cf.outC() + " channels");
    }
    this.affineScale = scale;
    this.affineShift = shift;
  }

  @Override
  public List<Parameter> parameters() {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }

  private void checkShapes(Tensor in, Tensor out) {
    if (in.h != cf.inH() || in.w != cf.inW() || in.c != cf.inC() || out.h != cf.outH()
        || out.w != cf.outW() || out.c != cf.outC() || in.n != out.n) {
      throw new IllegalArgumentException(cf.name() + ": expected " + cf.inH() + "x" + cf.inW() + "x"
          + cf.inC() + " -> " + cf.outH() + "x" + cf.outW() + "x" + cf.outC() + ", got " + in
          + " -> " + out);
    }
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    checkShapes(in, out);
    if (mask != null) {
      applyMask(weight.value);
    }
    float[] scale = null;
    float[] shift = bias == null ? null : bias.value;
    if (!training && affineScale != null) {
      scale = affineScale;
      for (int c = 0; c < cf.outC(); c++) {
        foldedShift[c] = bias == null ? affineShift[c] : affineScale[c] * bias.value[c] + affineShift[c];
      }
      shift = foldedShift;
    }
    int og = cf.outPerGroup();
    int k = cf.patchSize();
    int m = in.n * cf.outH() * cf.outW();
    for (int g = 0; g < cf.groups(); g++) {
      if (transposed != null) {
        transposed.run(in.data, in.offset, in.n, g, weight.value, out.data, out.offset, scale,
            shift, relu);
        continue;
      }
      // A: (N·OH·OW)×K patches, B: K×og weights of group g, C: (N·OH·OW)×og slice of out
      weightMat.set(weight.value, g * og, cf.outC(), false);
      PackedB pb = prePack(m, og, k, weightMat);
      patches.gather.x = in.data;
      patches.gather.xOff = in.offset;
      patches.gather.chan = g * cf.inPerGroup();
      Gemm.run(m, og, k, patches, pb == null ? weightMat : null, pb, 0f, out.data,
          out.offset + g * og, cf.outC(), scale, shift, g * og, relu, true);
    }
    patches.gather.x = null;
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    checkShapes(in, out);
    if (dOut.size() != out.size() || (dIn != null && dIn.size() != in.size())) {
      throw new IllegalArgumentException(cf.name() + ": gradient shapes do not match");
    }
    int rows = in.n * cf.outH() * cf.outW();
    int cout = cf.outC();
    float[] dz = dOut.data;
    int dzOff = dOut.offset;
    if (relu) {
      dz = reluGradient(out, dOut);
      dzOff = 0;
    }
    if (dIn != null && gradientsConcurrently(rows)) {
      gradients.set(in, dz, dzOff, dIn, rows);
      try {
        Parallel.forRange(2, gradients);
      } finally {
        gradients.clear();
      }
    } else {
      weightGradient.add(in, rows, dz, dzOff, true);
      if (dIn != null) {
        inputGradient(in.n, dz, dzOff, dIn, true);
      }
    }
    if (mask != null) {
      applyMask(weight.grad);
    }
    if (bias != null) {
      ColumnSums.add(dz, dzOff, rows, cout, bias.grad);
    }
  }

  /** Batch rows up to which a layer computes its two gradients side by side. */
  static final int CONCURRENT_MAX_ROWS = 8192;

  /**
   * Whether the weight and the input gradient run side by side, one whole product per thread,
   * instead of one after the other with each split between the threads: on two threads, for a
   * layer of at most {@link #CONCURRENT_MAX_ROWS} output pixels in the batch that is not an
   * unstrided 1×1 one. The two products have the same multiply-adds, so they finish together, and
   * neither repeats work: split, each thread packs all of the operand it shares with the other (the
   * weight gradient's dZᵀ, the input gradient's swapped weights, or B when rows are split), and a
   * strided layer's input gradient writes scattered pixel rows with the other thread's rows between
   * them.
   *
   * <p>Same JVM, 2 threads, 5–7 rounds, both orders, time split / side by side (2026-11-26,
   * evening): Fashion CNN conv2–conv5 at batch 8 1.06–1.16, ResNet-18's 3×3 layers at batch 8
   * 1.00–1.10 (stride-2 512 1.08–1.10), at batch 64 with up to 3,136 rows 1.02–1.12; ResNet-18's
   * 1×1 stride-2 layers at batch 8 1.10–1.24 (2026-11-26). Past the row bound the gain is mixed
   * (ResNet-18's 3×3 stride-2 layers at batch 64 0.86–1.03 and 0.94–1.02), and unstrided 1×1 layers
   * lose (ResNet-50's at batch 8 0.82–1.03, below 0.96 in five of six): their input gradient is one
   * plain product that splits cleanly. Each product computes the same floats on any number of
   * threads, so this changes no result.
   */
  boolean gradientsConcurrently(int rows) {
    boolean pointwise = cf.kh() == 1 && cf.kw() == 1 && cf.sh() == 1 && cf.sw() == 1;
    return Parallel.threads() == 2 && byColumns == null && !pointwise
        && rows <= CONCURRENT_MAX_ROWS;
  }

  /**
   * The weight gradient on the caller (chunk 0) beside the input gradient on the worker; with
   * {@link WeightGradient#handsOffColumns}, the weight gradient's last columns in
   * {@link WeightGradient#TAIL_BLOCKS} blocks go to whichever thread is free first (the caller
   * takes them from the front, the worker from the back).
   */
  private final class SideBySide implements Parallel.RangeBody {
    private Tensor in;
    private float[] dz;
    private int dzOff;
    private Tensor dIn;
    private int rows;
    private boolean handOff;
    private final AtomicInteger tailTaken = new AtomicInteger();

    void set(Tensor in, float[] dz, int dzOff, Tensor dIn, int rows) {
      this.in = in;
      this.dz = dz;
      this.dzOff = dzOff;
      this.dIn = dIn;
      this.rows = rows;
      handOff = weightGradient.handsOffColumns(rows);
      tailTaken.set(0);
      if (handOff) { // both threads read the weight gradient's packers during the call
        weightGradient.prepare(in, dz, dzOff, 0);
      }
    }

    void clear() {
      if (handOff) {
        weightGradient.clear();
      }
      in = null;
      dz = null;
      dIn = null;
    }

    @Override
    public void run(int chunk, int from, int to) {
      WeightGradient wg = weightGradient;
      if (chunk == 0 && !handOff) {
        wg.add(in, rows, dz, dzOff, false);
      } else if (chunk == 0) {
        wg.addColumns(rows, 0, wg.tailStart(0));
        for (int b = 0; tailTaken.getAndIncrement() < WeightGradient.TAIL_BLOCKS; b++) {
          wg.addColumns(rows, wg.tailStart(b), wg.tailStart(b + 1));
        }
      } else {
        inputGradient(in.n, dz, dzOff, dIn, false);
        for (int b = WeightGradient.TAIL_BLOCKS - 1;
            handOff && tailTaken.getAndIncrement() < WeightGradient.TAIL_BLOCKS; b--) {
          wg.addColumns(rows, wg.tailStart(b), wg.tailStart(b + 1));
        }
      }
    }
  }

  private final SideBySide gradients = new SideBySide();

  /**
   * dIn = Σ over taps of dZ·Wᵀ, one GEMM per (group, stride phase); narrow layers go by columns
   * instead ({@link ColumnsInputGradient}).
   */
  private void inputGradient(int batch, float[] dz, int dzOff, Tensor dIn, boolean parallel) {
    if (byColumns != null) {
      byColumns.run(batch, weight.value, dz, dzOff, dIn.data, dIn.offset);
      return;
    }
    int og = cf.outPerGroup();
    int cg = cf.inPerGroup();
    boolean strided = phases.length > 1;
    if (strided) {
      int most = 0;
      for (ConvPackers.Phase ph : phases) {
        most = Math.max(most, ph.rows * ph.cols);
      }
      if (rowOffsets.length < batch * most) {
        rowOffsets = new int[batch * most];
      }
    }
    for (ConvPackers.Phase ph : phases) {
      int m = batch * ph.rows * ph.cols;
      if (m == 0) {
        continue;
      }
      if (strided) {
        ph.rowOffsets(cf, batch, rowOffsets);
      }
      for (int g = 0; g < cf.groups(); g++) {
        int c0 = dIn.offset + g * cg;
        if (ph.taps.length == 0) { // no tap reaches these pixels: their gradient is zero
          zeroRows(dIn.data, c0, rowOffsets, m, cg, parallel);
          continue;
        }
        int kt = ph.taps.length * og;
        // A: m×kt gathered dZ, B: kt×cg swapped weights, C: m×cg rows of dIn (scattered if strided)
        swapped.w = weight.value;
        swapped.taps = ph.taps;
        swapped.chan = g * og;
        PackedB pb = parallel ? prePack(m, cg, kt, swapped) : null;
        taps.phase = ph;
        taps.dz = dz;
        taps.dzOff = dzOff;
        taps.chan = g * og;
        Gemm.run(m, cg, kt, taps, pb == null ? swapped : null, pb, 0f, dIn.data, c0, cf.inC(),
            strided ? rowOffsets : null, null, null, 0, false, parallel);
      }
    }
    swapped.w = null;
    taps.dz = null;
  }

  /**
   * Packs the weights (B of an m×n×k product) once for all threads, or returns null when each
   * thread will pack what it needs from {@code b} itself ({@link Gemm#packsBPerThread}) or the
   * GEMM reads it in place ({@link Gemm#readsBInPlace}).
   */
  private PackedB prePack(int m, int n, int k, BPacker b) {
    if (Gemm.packsBPerThread(m, n, k, b.copiesRows()) || Gemm.readsBInPlace(m, n, k, b)) {
      return null;
    }
    packed.pack(b, k, n, true);
    return packed;
  }

  /** Zero passes this large run in parallel (see {@link #zeroRows}). */
  static final int ZERO_PARALLEL_MIN_ELEMENTS = 1 << 16;

  /**
   * Zeroes cg floats at c0 + rowOffsets[r] for r in [0, m): three quarters of a 1×1 stride-2
   * input gradient, so parallel when large (serially it capped that layer at 1.6× on 2 threads).
   * The threshold is lower than for other passes: between these rows lie rows the other thread
   * has just written, so one thread zeroing them alone took 67 µs per call instead of 17 µs when
   * the GEMM beside it ran on two (ResNet-18's 1×1 stride-2 512 at batch 8: three phases of 100 K
   * floats); split, 48–52 µs.
   */
  private static void zeroRows(float[] d, int c0, int[] rowOffsets, int m, int cg,
      boolean parallel) {
    Parallel.RangeBody body = (chunk, from, to) -> {
      for (int r = from; r < to; r++) {
        java.util.Arrays.fill(d, c0 + rowOffsets[r], c0 + rowOffsets[r] + cg, 0f);
      }
    };
    if (!parallel || (long) m * cg < ZERO_PARALLEL_MIN_ELEMENTS) {
      body.run(0, 0, m);
    } else {
      Parallel.forRange(m, body);
    }
  }

  /** dZ = dOut where the fused ReLU passed (out > 0), else 0, into the reused buffer. */
  private float[] reluGradient(Tensor out, Tensor dOut) {
    int size = out.size();
    if (dzBuf.length < size) {
      dzBuf = new float[size];
    }
    float[] dz = dzBuf;
    reluMask(out, dOut, dz, size);
    return dz;
  }

  /**
   * dz[i] = dOut[i] if out[i] > 0 else 0, with the ReLU layer's (vector) backward kernel; parallel
   * only past {@link #PARALLEL_MIN_ELEMENTS}. (As a per-element lambda it took 11 % of a Fashion
   * CNN training step.)
   */
  static void reluMask(Tensor out, Tensor dOut, float[] dz, int size) {
    float[] y = out.data;
    int yo = out.offset;
    float[] g = dOut.data;
    int go = dOut.offset;
    Parallel.RangeBody body = (chunk, from, to) -> {
      if (Simd.VECTOR_DEFAULT) {
        Activation.backwardVector(Activation.Kind.RELU, 0f, y, yo + from, g, go + from, dz, from,
            to - from);
      } else {
        Activation.backwardScalar(Activation.Kind.RELU, 0f, y, yo + from, g, go + from, dz, from,
            to - from);
      }
    };
    if (size < PARALLEL_MIN_ELEMENTS) {
      body.run(0, 0, size);
    } else {
      Parallel.forRange(size, body);
    }
  }

  private void applyMask(float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (mask[i] == 0f) {
        values[i] = 0f;
      }
    }
  }
}
