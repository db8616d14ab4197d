package dev.cnnc.runtime.layers;

import static dev.cnnc.runtime.layers.GradCheck.abs;
import static dev.cnnc.runtime.layers.GradCheck.assertClose;
import static dev.cnnc.runtime.layers.GradCheck.checkGradient;
import static dev.cnnc.runtime.layers.GradCheck.dot;
import static dev.cnnc.runtime.layers.GradCheck.random;
import static dev.cnnc.runtime.layers.GradCheck.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conv2d against its double-precision twin (forward, backward, folded affine) over random geometry,
 * finite-difference gradient checks on the awkward cases, and thread-count independence.
 * Tolerances: see {@link GradCheck#assertClose} (float dot-product bound) and
 * {@link GradCheck#checkGradient} (1e-4 relative to 1 + |fd|).
 */
class Conv2dTest {
  private static final float GRAD_BASE = 0.25f; // pre-filled gradient: backward must add to it
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  /** A layer with random weights and bias; returns it. */
  private static Conv2d layer(ConvConfig cf, SplittableRandom r) {
    Conv2d conv = new Conv2d(cf);
    float[] w = random(r, conv.weight().size());
    System.arraycopy(w, 0, conv.weight().value, 0, w.length);
    if (conv.bias() != null) {
      float[] b = random(r, cf.outC());
      System.arraycopy(b, 0, conv.bias().value, 0, b.length);
    }
    return conv;
  }

  private static ConvConfig randomConfig(SplittableRandom r, int idx) {
    while (true) {
      int groups = 1 + r.nextInt(3);
      ConvConfig.Builder b = ConvConfig.builder("c" + idx, 1 + r.nextInt(9), 1 + r.nextInt(9),
              groups * (1 + r.nextInt(5)), groups * (1 + r.nextInt(7)))
          .kernel(1 + r.nextInt(4), 1 + r.nextInt(4))
          .stride(1 + r.nextInt(2), 1 + r.nextInt(3))
          .dilation(1 + r.nextInt(2), 1 + r.nextInt(2))
          .padding(r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(2))
          .groups(groups)
          .bias(r.nextBoolean())
          .activation(r.nextBoolean() ? FusedActivation.RELU : FusedActivation.NONE);
      try {
        return b.build();
      } catch (IllegalArgumentException tooSmall) {
        // kernel larger than the padded input: draw again
      }
    }
  }

  @Test
  void matchesScalarTwinOnRandomGeometry() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 40; t++) {
      ConvConfig cf = randomConfig(r, t);
      int batch = 1 + r.nextInt(3);
      differential(cf, batch, r, t % 4 == 3);
    }
  }

  @Test
  void otherPathsMatchTheScalarTwin() {
    // Each random layer once more with the forward and input-gradient paths its geometry did not
    // choose (transposed or not, by columns or by tap gather).
    SplittableRandom r = new SplittableRandom(13);
    for (int t = 0; t < 40; t++) {
      ConvConfig cf = randomConfig(r, t);
      int batch = 1 + r.nextInt(3);
      Conv2d conv = layer(cf, r);
      takeTheOtherPaths(conv, cf);
      differential(conv, cf, batch, r, t % 4 == 3);
    }
  }

  @Test
  void transposedForwardGivesTheSameFloats() {
    // Same products, same K order and blocks: bit-identical to the untransposed pass, with the
    // epilogue (bias, folded affine, ReLU) too. K = 12·2·12 = 288 spans two KC blocks.
    SplittableRandom r = new SplittableRandom(15);
    for (int t = 0; t < 20; t++) {
      ConvConfig cf = t == 0
          ? ConvConfig.builder("tall", 16, 9, 12, 10).kernel(12, 2).padding(2, 1, 1, 0).build()
          : randomConfig(r, t);
      int batch = 1 + r.nextInt(3);
      Conv2d conv = layer(cf, r);
      float[] sc = random(r, cf.outC());
      float[] sh = random(r, cf.outC());
      conv.setInferenceAffine(sc, sh);
      Tensor x = new Tensor(random(r, batch * cf.inH() * cf.inW() * cf.inC()), 0, batch, cf.inH(),
          cf.inW(), cf.inC());
      for (boolean training : new boolean[] {true, false}) {
        Tensor a = Tensor.zeros(batch, cf.outH(), cf.outW(), cf.outC());
        Tensor b = Tensor.zeros(batch, cf.outH(), cf.outW(), cf.outC());
        conv.transposed = new TransposedForward(cf);
        conv.forward(x, a, training);
        conv.transposed = null;
        conv.forward(x, b, training);
        assertArrayEquals(b.data, a.data, 0f, cf + " training " + training);
      }
    }
  }

  @Test
  void narrowLayersTakeTheInputGradientByColumns() {
    ConvConfig c3 = ConvConfig.builder("C3", 14, 14, 6, 16).kernel(5, 5).build();
    ConvConfig c5 = ConvConfig.builder("C5", 5, 5, 16, 120).kernel(5, 5).build();
    ConvConfig gray = ConvConfig.builder("gray", 28, 28, 1, 32).kernel(3, 3).samePadding().build();
    ConvConfig fm2 = ConvConfig.builder("fm2", 14, 14, 64, 128).kernel(3, 3).samePadding().build();
    ConvConfig r18 = ConvConfig.builder("r18", 56, 56, 64, 64).kernel(3, 3).samePadding().build();
    ConvConfig s2 = ConvConfig.builder("s2", 28, 28, 128, 256).stride(2, 2).build();
    assertTrue(ColumnsInputGradient.pays(c3), "LeNet-5 C3");
    assertTrue(ColumnsInputGradient.pays(c5), "LeNet-5 C5");
    assertTrue(ColumnsInputGradient.pays(gray), "one input channel");
    assertTrue(!ColumnsInputGradient.pays(fm2), "64 -> 128 channels");
    assertTrue(!ColumnsInputGradient.pays(r18), "ResNet-18 3x3");
    assertTrue(!ColumnsInputGradient.pays(s2), "ResNet-18 1x1 stride 2");
    assertTrue(TransposedForward.pays(c3), "16 filters forward transposed");
    assertTrue(!TransposedForward.pays(gray), "32 filters forward as is");
  }

  @Test
  void narrowLayerPathsDoNotDependOnThreadCount() {
    // LeNet-5's C3 with its connection table; at batch 16 both its input gradient (by columns)
    // and its forward (transposed, two blocks of pixels) are past their parallel thresholds.
    ConvConfig cf = ConvConfig.builder("C3", 14, 14, 6, 16).kernel(5, 5)
        .connections(new int[][] {{0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 0}, {5, 0, 1},
            {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 0}, {4, 5, 0, 1}, {5, 0, 1, 2},
            {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5}, {0, 1, 2, 3, 4, 5}})
        .build();
    assertTrue(new Conv2d(cf).byColumns != null, "C3 goes by columns");
    assertTrue(new Conv2d(cf).transposed != null, "C3 forward transposed");
    assertThreadCountIndependent(cf, 16);
    // (differential() expects pre-filled gradients kept, which a connection table zeroes.)
    differential(ConvConfig.builder("C3", 14, 14, 6, 16).kernel(5, 5).build(), 3,
        new SplittableRandom(14), false);
  }

  @Test
  void matchesScalarTwinOnBlockCrossingSizes() {
    SplittableRandom r = new SplittableRandom(12);
    // K = 3·3·40 = 360 > KC, rows > MC, cout over two NR panels plus a ragged one.
    differential(ConvConfig.builder("big", 12, 11, 40, 70).kernel(3, 3).samePadding()
        .activation(FusedActivation.RELU).build(), 2, r, false);
    // 1×1 stride 1: the patch packer degenerates to a plain row copy.
    differential(ConvConfig.builder("pw", 9, 7, 33, 19).build(), 3, r, true);
    // Few filters over many pixels: the weight gradient's K (3·40·40 = 4800) is split in chunks.
    differential(ConvConfig.builder("few", 40, 40, 3, 16).kernel(5, 5).samePadding().build(), 3,
        r, false);
    // Enough filters for the plain forward, kernel rows of 3·24 = 72 floats: patch panels from the
    // vector transposes, six pixels at a time, across every border of an 11-wide map (kernel rows
    // in the padding read zeros, rows cut at the left or right go tap by tap), stride 1 and 2,
    // dilated in height; and tap by tap (runs of 32 channels) when dilated in width or grouped; a
    // ragged last panel.
    differential(ConvConfig.builder("rows", 10, 11, 24, 80).kernel(3, 3).samePadding().build(), 2,
        r, false);
    differential(ConvConfig.builder("rows2", 9, 11, 24, 80).kernel(3, 3).stride(2, 2)
        .padding(1, 2, 1, 0).build(), 3, r, false);
    differential(ConvConfig.builder("dil", 11, 10, 24, 80).kernel(3, 3).dilation(2, 1)
        .padding(2, 2, 1, 1).build(), 2, r, false);
    differential(ConvConfig.builder("dilw", 9, 12, 32, 40).kernel(3, 3).dilation(1, 2)
        .padding(1, 1, 2, 2).build(), 2, r, false);
    differential(ConvConfig.builder("grp", 11, 10, 64, 80).kernel(3, 3).groups(2)
        .padding(1, 1, 1, 1).build(), 2, r, false);
    // Short runs (2 taps × 12 channels) gathered by index, K = 12·2·12 = 288 > KC, with padding.
    differential(ConvConfig.builder("tall", 16, 9, 12, 10).kernel(12, 2).padding(2, 1, 1, 0)
        .build(), 2, r, false);
  }

  static void differential(ConvConfig cf, int batch, SplittableRandom r, boolean affine) {
    differential(layer(cf, r), cf, batch, r, affine);
  }

  private static void differential(Conv2d conv, ConvConfig cf, int batch, SplittableRandom r,
      boolean affine) {
    boolean relu = cf.activation() == FusedActivation.RELU;
    Tensor x = new Tensor(random(r, batch * cf.inH() * cf.inW() * cf.inC() + 3), 3, batch,
        cf.inH(), cf.inW(), cf.inC());
    Tensor y = new Tensor(new float[batch * cf.outH() * cf.outW() * cf.outC() + 1], 1, batch,
        cf.outH(), cf.outW(), cf.outC());
    double[] xd = toDouble(x.data, x.offset, x.size());
    double[] wd = toDouble(conv.weight().value, 0, conv.weight().size());
    double[] bd = conv.bias() == null ? null : toDouble(conv.bias().value, 0, cf.outC());
    int k = cf.patchSize();
    String at = cf + " batch " + batch;
    if (affine) {
      double[] sc = toDouble(random(r, cf.outC()), 0, cf.outC());
      double[] sh = toDouble(random(r, cf.outC()), 0, cf.outC());
      float[] scf = new float[cf.outC()];
      float[] shf = new float[cf.outC()];
      for (int c = 0; c < cf.outC(); c++) {
        scf[c] = (float) sc[c];
        shf[c] = (float) sh[c];
      }
      conv.setInferenceAffine(scf, shf);
      conv.forward(x, y, false);
      double[] want = ScalarConv2d.forward(cf, batch, xd, wd, bd, sc, sh, relu);
      double[] bound = ScalarConv2d.forward(cf, batch, abs(xd), abs(wd),
          bd == null ? null : abs(bd), abs(sc), abs(sh), false);
      assertClose(at + " affine forward", y.data, y.offset, 0, want, bound, k + 2);
    }
    conv.forward(x, y, true); // training: the affine fold must not apply
    double[] want = ScalarConv2d.forward(cf, batch, xd, wd, bd, null, null, relu);
    double[] bound = ScalarConv2d.forward(cf, batch, abs(xd), abs(wd),
        bd == null ? null : abs(bd), null, null, false);
    assertClose(at + " forward", y.data, y.offset, 0, want, bound, k);

    Tensor dy = new Tensor(random(r, y.size()), 0, batch, cf.outH(), cf.outW(), cf.outC());
    Tensor dx = new Tensor(random(r, x.size()), 0, batch, cf.inH(), cf.inW(), cf.inC());
    Arrays.fill(conv.weight().grad, GRAD_BASE);
    if (conv.bias() != null) {
      Arrays.fill(conv.bias().grad, GRAD_BASE);
    }
    conv.backward(x, y, dy, dx);
    double[] yd = toDouble(y.data, y.offset, y.size()); // the float forward's ReLU mask
    double[] dyd = toDouble(dy.data, 0, dy.size());
    ScalarConv2d.Grads g = ScalarConv2d.backward(cf, batch, xd, wd, yd, dyd, relu);
    ScalarConv2d.Grads gb = ScalarConv2d.backward(cf, batch, abs(xd), abs(wd), yd, abs(dyd), false);
    int rows = batch * cf.outH() * cf.outW();
    assertClose(at + " dx", dx.data, 0, 0, g.dx(), gb.dx(), cf.kh() * cf.kw() * cf.outPerGroup());
    assertClose(at + " dw", conv.weight().grad, 0, GRAD_BASE, g.dw(), gb.dw(), rows + 1);
    if (conv.bias() != null) {
      assertClose(at + " db", conv.bias().grad, 0, GRAD_BASE, g.db(), gb.db(), rows + 1);
    }
  }

  /**
   * L = Σ y·R: analytic gradients from the float layer against double central differences, once
   * with the forward and input-gradient paths the geometry chose and once with the other ones.
   */
  private static void gradientCheck(ConvConfig cf, int batch, long seed) {
    gradientCheck(cf, batch, seed, false);
    gradientCheck(cf, batch, seed, true);
  }

  /** Switches the layer to the forward and input-gradient paths its geometry did not choose. */
  private static void takeTheOtherPaths(Conv2d conv, ConvConfig cf) {
    conv.byColumns = conv.byColumns == null ? new ColumnsInputGradient(cf) : null;
    conv.transposed = conv.transposed == null ? new TransposedForward(cf) : null;
  }

  private static void gradientCheck(ConvConfig cf, int batch, long seed, boolean otherPaths) {
    SplittableRandom r = new SplittableRandom(seed);
    Conv2d conv = layer(cf, r);
    if (otherPaths) {
      takeTheOtherPaths(conv, cf);
    }
    boolean relu = cf.activation() == FusedActivation.RELU;
    Tensor x = new Tensor(random(r, batch * cf.inH() * cf.inW() * cf.inC()), 0, batch, cf.inH(),
        cf.inW(), cf.inC());
    Tensor y = Tensor.zeros(batch, cf.outH(), cf.outW(), cf.outC());
    Tensor dx = Tensor.zeros(batch, cf.inH(), cf.inW(), cf.inC());
    Tensor rr = new Tensor(random(r, y.size()), 0, batch, cf.outH(), cf.outW(), cf.outC());
    conv.forward(x, y, true);
    conv.backward(x, y, rr, dx);
    double[] xd = toDouble(x.data, 0, x.size());
    double[] wd = toDouble(conv.weight().value, 0, conv.weight().size()); // masked already
    double[] bd = conv.bias() == null ? null : toDouble(conv.bias().value, 0, cf.outC());
    double[] rd = toDouble(rr.data, 0, rr.size());
    String at = cf + (otherPaths ? " (other paths)" : "");
    checkGradient(at + " dW", wd, conv.weight().grad, 0, 0,
        w -> dot(ScalarConv2d.forward(cf, batch, xd, w, bd, null, null, relu), rd));
    checkGradient(at + " dX", xd, dx.data, 0, 0,
        v -> dot(ScalarConv2d.forward(cf, batch, v, wd, bd, null, null, relu), rd));
    if (bd != null) {
      checkGradient(at + " dB", bd, conv.bias().grad, 0, 0,
          b -> dot(ScalarConv2d.forward(cf, batch, xd, wd, b, null, null, relu), rd));
    }
  }

  @Test
  void gradientOddSizesStride2AsymmetricPaddingReluBias() {
    gradientCheck(ConvConfig.builder("s2", 7, 5, 3, 4).kernel(3, 2).stride(2, 2)
        .padding(1, 2, 0, 1).activation(FusedActivation.RELU).build(), 2, 1);
  }

  @Test
  void gradientDilation2NoBias() {
    gradientCheck(ConvConfig.builder("d2", 8, 7, 2, 3).kernel(3, 3).dilation(2, 2)
        .padding(2, 1, 2, 2).bias(false).build(), 2, 2);
  }

  @Test
  void gradientGroups2Relu() {
    gradientCheck(ConvConfig.builder("g2", 6, 6, 4, 6).kernel(3, 3).padding(1, 1, 1, 1)
        .groups(2).activation(FusedActivation.RELU).build(), 3, 3);
  }

  @Test
  void gradientOneByOneAndStride2OneByOne() {
    gradientCheck(ConvConfig.builder("pw", 5, 4, 5, 3).build(), 2, 4);
    gradientCheck(ConvConfig.builder("ds", 5, 4, 3, 4).stride(2, 2).bias(false).build(), 2, 5);
  }

  @Test
  void connectionTableKeepsMaskedWeightsAndGradientsAtZero() {
    int[][] table = {{0, 1}, {1, 2}, {0, 2, 3}, {3}, {0, 1, 2, 3}};
    ConvConfig cf = ConvConfig.builder("c3", 6, 6, 4, 5).kernel(3, 3)
        .activation(FusedActivation.RELU).connections(table).build();
    gradientCheck(cf, 2, 6);
    // And explicitly: weights written everywhere are cut back, gradients stay zero there.
    SplittableRandom r = new SplittableRandom(7);
    Conv2d conv = layer(cf, r);
    Tensor x = new Tensor(random(r, 2 * 36 * 4), 0, 2, 6, 6, 4);
    Tensor y = Tensor.zeros(2, 4, 4, 5);
    conv.forward(x, y, true);
    conv.backward(x, y, new Tensor(random(r, y.size()), 0, 2, 4, 4, 5), null);
    int nonzero = 0;
    for (int tap = 0; tap < 9; tap++) {
      for (int ci = 0; ci < 4; ci++) {
        for (int o = 0; o < 5; o++) {
          int i = (tap * 4 + ci) * 5 + o;
          final int c = ci;
          boolean reads = Arrays.stream(table[o]).anyMatch(v -> v == c);
          if (!reads) {
            assertEquals(0f, conv.weight().value[i], "masked weight " + i);
            assertEquals(0f, conv.weight().grad[i], "masked gradient " + i);
          } else if (conv.weight().grad[i] != 0f) {
            nonzero++;
          }
        }
      }
    }
    assertEquals(true, nonzero > 0, "connected taps must receive gradient");
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    // Large enough that every GEMM of the three passes is above the parallel threshold.
    ConvConfig cf = ConvConfig.builder("t", 24, 24, 32, 64).kernel(3, 3).stride(1, 2)
        .padding(1, 1, 1, 0).groups(2).activation(FusedActivation.RELU).build();
    assertThreadCountIndependent(cf, 4);
  }

  @Test
  void layersWhoseThreadsPackTheWeightsThemselves() {
    // On 2 threads each thread packs the weights it needs instead of sharing one packed copy:
    // with 50 output pixels and 256 filters the threads split C's columns; a batch-8 layer on 7×7
    // maps (392 rows, weights past L2) splits its rows into one MC-row block per thread; a batch-4
    // layer on 14×14 maps (784 rows, two blocks per thread) does so in the forward pass only, where
    // packing the weights copies their rows (the input gradient's swapped weights are shared).
    ConvConfig wide = ConvConfig.builder("wide", 5, 5, 128, 256).kernel(3, 3).padding(1, 1, 1, 1)
        .activation(FusedActivation.RELU).build();
    ConvConfig narrow = ConvConfig.builder("narrow", 7, 7, 64, 256).kernel(3, 3)
        .padding(1, 1, 1, 1).activation(FusedActivation.RELU).build();
    ConvConfig mid = ConvConfig.builder("mid", 14, 14, 64, 256).kernel(3, 3)
        .padding(1, 1, 1, 1).activation(FusedActivation.RELU).build();
    for (ConvConfig cf : new ConvConfig[] {wide, narrow, mid}) {
      int batch = cf == wide ? 2 : cf == narrow ? 8 : 4;
      int pixels = batch * cf.outH() * cf.outW(); // = input pixels: stride 1, same padding
      Parallel.setThreads(2);
      assertTrue(Gemm.packsBPerThread(pixels, cf.outC(), cf.patchSize(), true), cf + " forward");
      assertEquals(cf != mid, Gemm.packsBPerThread(pixels, cf.inC(), 9 * cf.outC(), false),
          cf + " input gradient");
      assertThreadCountIndependent(cf, batch);
      Parallel.setThreads(2);
      differential(cf, batch, new SplittableRandom(12), false);
    }
    Parallel.setThreads(1);
    assertTrue(!Gemm.packsBPerThread(8 * 49, 256, narrow.patchSize(), true), "one thread pre-packs");
  }

  @Test
  void bothGradientsRunSideBySideOnTwoThreads() {
    // Weight gradient on one thread, input gradient on the other, each product whole (but for the
    // weight gradient's last columns, taken by whichever thread is free): the same floats as
    // splitting each product (1 and 3 threads), and right against the scalar twin, for a strided
    // 1×1 layer, a strided 3×3 one (scattered stride phases), an unstrided 3×3 one and one with a
    // long patch (256 channels).
    ConvConfig down = ConvConfig.builder("down", 14, 14, 64, 96).stride(2, 2)
        .activation(FusedActivation.RELU).build();
    ConvConfig s2 = ConvConfig.builder("s2", 14, 14, 64, 96).kernel(3, 3).stride(2, 2)
        .padding(1, 1, 1, 1).build();
    ConvConfig same = ConvConfig.builder("same", 9, 9, 64, 72).kernel(3, 3).padding(1, 1, 1, 1)
        .activation(FusedActivation.RELU).build();
    ConvConfig wide = ConvConfig.builder("wide", 5, 5, 256, 40).kernel(3, 3).padding(1, 1, 1, 1)
        .build();
    ConvConfig pointwise = ConvConfig.builder("pw", 14, 14, 64, 96).build();
    Parallel.setThreads(2);
    for (ConvConfig cf : new ConvConfig[] {down, s2, same, wide}) {
      Conv2d conv = new Conv2d(cf);
      int rows = 8 * cf.outH() * cf.outW();
      Parallel.setThreads(2);
      assertTrue(conv.gradientsConcurrently(rows), cf + " at batch 8 on 2 threads");
      // The wide layer's weight gradient (2,304 columns) hands its last columns to a free thread;
      // the others' (64 and 576) are too short for that to pay.
      assertEquals(cf == wide, conv.weightGradient.handsOffColumns(rows), cf + " hands off columns");
      assertTrue(!conv.gradientsConcurrently(Conv2d.CONCURRENT_MAX_ROWS + 1), "a large batch");
      Parallel.setThreads(3);
      assertTrue(!conv.gradientsConcurrently(rows), "3 threads split each product instead");
      assertThreadCountIndependent(cf, 8);
      Parallel.setThreads(2);
      differential(cf, 8, new SplittableRandom(13), false);
    }
    Parallel.setThreads(2);
    assertTrue(!new Conv2d(pointwise).gradientsConcurrently(8 * 196), "unstrided 1×1");
  }

  /** Forward and backward on 1, 2 and 3 threads give the same floats. */
  static void assertThreadCountIndependent(ConvConfig cf, int batch) {
    float[][] ref = null;
    int h = cf.inH();
    int w = cf.inW();
    int c = cf.inC();
    int oc = cf.outC();
    for (int threads = 1; threads <= 3; threads++) {
      Parallel.setThreads(threads);
      SplittableRandom r = new SplittableRandom(8);
      Conv2d conv = layer(cf, r);
      Tensor x = new Tensor(random(r, batch * h * w * c), 0, batch, h, w, c);
      Tensor y = Tensor.zeros(batch, cf.outH(), cf.outW(), oc);
      Tensor dx = Tensor.zeros(batch, h, w, c);
      conv.forward(x, y, true);
      conv.backward(x, y, new Tensor(random(r, y.size()), 0, batch, cf.outH(), cf.outW(), oc), dx);
      float[][] got = {y.data, dx.data, conv.weight().grad, conv.bias().grad};
      if (ref == null) {
        ref = got;
      } else {
        for (int i = 0; i < got.length; i++) {
          // Tolerance 0: every element is reduced by one thread in a fixed order.
          assertArrayEquals(ref[i], got[i], 0f, "output " + i + " with " + threads + " threads");
        }
      }
    }
  }

  @Test
  void rejectsInconsistentGeometry() {
    assertThrows(IllegalArgumentException.class, () -> ConvConfig.builder("bad", 8, 8, 3, 4)
        .kernel(3, 3).output(8, 8).build());
    assertThrows(IllegalArgumentException.class, () -> ConvConfig.builder("bad", 8, 8, 3, 4)
        .groups(2).build());
    Conv2d conv = new Conv2d(ConvConfig.builder("ok", 8, 8, 3, 4).kernel(3, 3).build());
    assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(1, 8, 8, 3), Tensor.zeros(1, 8, 8, 4), true));
  }
}
