package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Finite-difference checks and hand-computed cases for the spatial pooling layers. */
class PoolingGradTest {
  /** PyTorch's output size rule, including the ceil-mode "last window must start inside" fix. */
  static int outSize(int in, int k, int s, int padLo, int padHi, boolean ceil) {
    int span = in + padLo + padHi - k;
    int out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
    if (ceil && (out - 1) * s >= in + padLo) {
      out--;
    }
    return out;
  }


  @ParameterizedTest
  @CsvSource({
      "2, 7, 5, 3, 3, 3, 2, 2, 1, 0, 0, 1, true",
      "3, 7, 5, 3, 2, 3, 1, 2, 0, 1, 1, 0, false",
      "2, 6, 6, 4, 2, 2, 2, 2, 0, 0, 0, 0, false",
      "2, 5, 7, 2, 3, 2, 3, 2, 1, 1, 0, 0, true",
      "1, 4, 4, 17, 3, 3, 1, 1, 1, 1, 1, 1, false"})
  void poolGradients(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int top,
      int bottom, int left, int right, boolean ceil) {
    int oh = outSize(h, kh, sh, top, bottom, ceil);
    int ow = outSize(w, kw, sw, left, right, ceil);
    Random rnd = new Random(h * 31 + w * 7 + c);
    for (boolean vec : new boolean[] {true, false}) {
      MaxPool2d max = new MaxPool2d(h, w, c, kh, kw, sh, sw, top, bottom, left, right, oh, ow);
      max.vectorised = vec;
      LayerFiniteDiff.checkLayer(max, LayerFiniteDiff.distinct(rnd, n, h, w, c),
          Tensor.zeros(n, oh, ow, c), true, 1);
      AvgPool2d avg = new AvgPool2d(h, w, c, kh, kw, sh, sw, top, bottom, left, right, oh, ow);
      avg.vectorised = vec;
      LayerFiniteDiff.checkLayer(avg, LayerFiniteDiff.random(rnd, n, h, w, c, -1, 1),
          Tensor.zeros(n, oh, ow, c), true, 2);
      Subsample sub = new Subsample("s2", h, w, c, kh, kw, sh, sw, top, bottom, left, right, oh,
          ow);
      sub.vectorised = vec;
      for (int ch = 0; ch < c; ch++) {
        sub.parameters().get(0).value[ch] = (float) (0.5 + rnd.nextDouble());
        sub.parameters().get(1).value[ch] = (float) (rnd.nextDouble() - 0.5);
      }
      LayerFiniteDiff.checkLayer(sub, LayerFiniteDiff.random(rnd, n, h, w, c, -1, 1),
          Tensor.zeros(n, oh, ow, c), true, 3);
    }
  }

  @Test
  void globalAvgPoolGradient() {
    Random rnd = new Random(5);
    for (boolean vec : new boolean[] {true, false}) {
      GlobalAvgPool gap = new GlobalAvgPool(7, 5, 19);
      gap.vectorised = vec;
      LayerFiniteDiff.checkLayer(gap, LayerFiniteDiff.random(rnd, 2, 7, 5, 19, -1, 1),
          Tensor.vector(2, 19), true, 4);
    }
  }

  /**
   * A pool whose windows tile the input writes each gradient cell once instead of zeroing dIn
   * first: every cell must be written (dIn starts as NaN), ties go to the first cell, and the
   * floats equal the scalar twin's, tail channels included.
   */
  @Test
  void tilingMaxPoolWritesEveryGradientCell() {
    Random rnd = new Random(9);
    int n = 2;
    int h = 6;
    int w = 4;
    int c = 35;
    Tensor x = LayerFiniteDiff.random(rnd, n, h, w, c, -1, 1);
    for (int i = 0; i < x.data.length; i += 5) {
      x.data[i] = 1f; // above every random value, and often twice in a window
    }
    Tensor dOut = LayerFiniteDiff.random(rnd, n, h / 2, w / 2, c, -1, 1);
    dOut.data[3] = -0f;
    float[][] dIn = new float[2][];
    for (int v = 0; v < 2; v++) {
      MaxPool2d pool = new MaxPool2d(h, w, c, 2, 2, 2, 2, 0, 0, 0, 0, h / 2, w / 2);
      pool.vectorised = v == 0;
      Tensor y = Tensor.zeros(n, h / 2, w / 2, c);
      pool.forward(x, y, true);
      Tensor g = Tensor.zeros(n, h, w, c);
      java.util.Arrays.fill(g.data, Float.NaN);
      pool.backward(x, y, dOut, g);
      dIn[v] = g.data;
    }
    for (float d : dIn[0]) {
      assertFalse(Float.isNaN(d), "a gradient cell was never written");
    }
    assertArrayEquals(dIn[1], dIn[0]);
  }

  @Test
  void maxPoolNeverSelectsPadding() {
    // All-negative input with zero padding around: a padded zero must not win.
    MaxPool2d pool = new MaxPool2d(2, 2, 1, 3, 3, 1, 1, 1, 1, 1, 1, 2, 2);
    Tensor in = new Tensor(new float[] {-4, -3, -2, -1}, 0, 1, 2, 2, 1);
    Tensor out = Tensor.zeros(1, 2, 2, 1);
    pool.forward(in, out, false);
    for (int i = 0; i < 4; i++) {
      assertEquals(-1f, out.data[i]);
    }
  }

  @Test
  void avgPoolDividesByRealCells() {
    // 3x3 input 1..9, k3 s1 pad 1: the corner window sees 4 real cells, an edge window 6.
    AvgPool2d pool = new AvgPool2d(3, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 3, 3);
    Tensor in = new Tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 1, 3, 3, 1);
    Tensor out = Tensor.zeros(1, 3, 3, 1);
    pool.forward(in, out, false);
    assertEquals((1 + 2 + 4 + 5) / 4f, out.get(0, 0, 0, 0), 1e-6);
    assertEquals((1 + 2 + 3 + 4 + 5 + 6) / 6f, out.get(0, 0, 1, 0), 1e-6);
    assertEquals(5f, out.get(0, 1, 1, 0), 1e-6);
    // Ceil-mode overhang: 3 wide, k2 s2 ceil -> 2 outputs, the last sees one column.
    AvgPool2d ceil = new AvgPool2d(1, 3, 1, 1, 2, 1, 2, 0, 0, 0, 0, 1, 2);
    Tensor row = new Tensor(new float[] {1, 3, 10}, 0, 1, 1, 3, 1);
    Tensor o2 = Tensor.zeros(1, 1, 2, 1);
    ceil.forward(row, o2, false);
    assertEquals(2f, o2.data[0]);
    assertEquals(10f, o2.data[1]);
  }

  @Test
  void maxPoolBackwardBreaksTiesByFirstCell() {
    MaxPool2d pool = new MaxPool2d(2, 2, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
    Tensor in = new Tensor(new float[] {1, 5, 5, 2}, 0, 1, 2, 2, 1);
    Tensor out = Tensor.zeros(1, 1, 1, 1);
    pool.forward(in, out, true);
    Tensor dIn = Tensor.zeros(1, 2, 2, 1);
    pool.backward(in, out, new Tensor(new float[] {3}, 0, 1, 1, 1, 1), dIn);
    assertEquals(0f, dIn.data[0]);
    assertEquals(3f, dIn.data[1]);
    assertEquals(0f, dIn.data[2]);
  }

  @Test
  void rejectsWindowsOutsideTheInput() {
    assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2d(4, 4, 1, 2, 2, 2, 2, 0, 0, 0, 0, 4, 2));
  }

  @Test
  void subsampleStartsAsPlainMean() {
    Subsample s = new Subsample("s2", 2, 2, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1);
    assertEquals("s2.weight", s.parameters().get(0).name());
    assertEquals("s2.bias", s.parameters().get(1).name());
    Tensor out = Tensor.zeros(1, 1, 1, 1);
    s.forward(new Tensor(new float[] {1, 2, 3, 6}, 0, 1, 2, 2, 1), out, false);
    assertEquals(3f, out.data[0]);
  }
}
