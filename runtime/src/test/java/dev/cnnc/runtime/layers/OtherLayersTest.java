package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-computed values and conventions of the remaining layers. */
class OtherLayersTest {
  @Test
  void lrnMatchesEquation() {
    float[] a = {1f, 2f, -1f, 0.5f};
    Lrn lrn = new Lrn(1, 1, 4, 1, 0.1f, 0.75f, 2f);
    Tensor out = Tensor.vector(1, 4);
    lrn.forward(new Tensor(a.clone(), 0, 1, 1, 1, 4), out, false);
    double[] sums = {1 + 4, 1 + 4 + 1, 4 + 1 + 0.25, 1 + 0.25};
    for (int i = 0; i < 4; i++) {
      assertEquals(a[i] * Math.pow(2 + 0.1 * sums[i], -0.75), out.data[i], 1e-6);
    }
  }

  @Test
  void depthPoolAndPadValues() {
    DepthPool dp = new DepthPool(1, 1, 6, 2);
    Tensor out = Tensor.vector(1, 3);
    dp.forward(new Tensor(new float[] {1, 5, -2, -3, 4, 4}, 0, 1, 1, 1, 6), out, false);
    assertArrayEquals(new float[] {5, -2, 4}, out.data);
    Pad pad = new Pad(1, 2, 1, 1, 0, 0, 1);
    Tensor padded = Tensor.zeros(1, 2, 3, 1);
    padded.fill(7f);
    pad.forward(new Tensor(new float[] {1, 2}, 0, 1, 1, 2, 1), padded, false);
    assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0}, padded.data);
  }

  @Test
  void flattenIsAView() {
    Tensor t = Tensor.zeros(2, 3, 4, 5);
    Tensor f = Flatten.view(t);
    assertSame(t.data, f.data);
    assertEquals(60, f.c);
    assertEquals(1, f.h);
  }

  @Test
  void dropoutMaskIsDeterministicAndThreadIndependent() {
    int saved = Parallel.threads();
    try {
      Tensor x = Tensor.zeros(16, 16, 16, 16);
      x.fill(1f);
      Parallel.setThreads(1);
      Tensor a = Tensor.zeros(16, 16, 16, 16);
      Dropout d1 = new Dropout(16, 16, 16, 0.25f, 42);
      d1.forward(x, a, true);
      Parallel.setThreads(2);
      Tensor b = Tensor.zeros(16, 16, 16, 16);
      Dropout d2 = new Dropout(16, 16, 16, 0.25f, 42);
      d2.forward(x, b, true);
      assertArrayEquals(a.data, b.data);
      int dropped = 0;
      for (float v : a.data) {
        if (v == 0f) {
          dropped++;
        } else {
          assertEquals(1f / 0.75f, v, 1e-6);
        }
      }
      assertEquals(0.25, dropped / (double) a.size(), 0.01);
      // The next step draws a different mask; restoring the state replays it.
      Tensor c = Tensor.zeros(16, 16, 16, 16);
      long[] state = d1.rngState();
      assertArrayEquals(new long[] {42, 1}, state);
      d1.forward(x, c, true);
      assertNotEquals(0, compare(a, c));
      Tensor replay = Tensor.zeros(16, 16, 16, 16);
      d2.restoreRngState(state);
      d2.forward(x, replay, true);
      assertArrayEquals(c.data, replay.data);
      // Inference is the identity.
      d1.forward(x, replay, false);
      assertArrayEquals(x.data, replay.data);
    } finally {
      Parallel.setThreads(saved);
    }
  }

  private static int compare(Tensor a, Tensor b) {
    int diff = 0;
    for (int i = 0; i < a.size(); i++) {
      if (a.data[i] != b.data[i]) {
        diff++;
      }
    }
    return diff;
  }

  @Test
  void rbfPrototypesAndDistances() {
    Rbf r1 = new Rbf("rbf", 1, 1, 84, 10, 3);
    Rbf r2 = new Rbf("rbf", 1, 1, 84, 10, 3);
    float[] w = r1.parameters().get(0).value;
    assertEquals("rbf.prototypes", r1.parameters().get(0).name());
    assertArrayEquals(w, r2.parameters().get(0).value);
    for (float v : w) {
      assertEquals(1f, Math.abs(v));
    }
    // Input equal to prototype 4: distance 0 there, 4 per differing entry elsewhere.
    Tensor x = new Tensor(java.util.Arrays.copyOfRange(w, 4 * 84, 5 * 84), 0, 1, 1, 1, 84);
    Tensor y = Tensor.vector(1, 10);
    r1.forward(x, y, false);
    assertEquals(0f, y.data[4]);
    int differ = 0;
    for (int i = 0; i < 84; i++) {
      if (w[i] != w[4 * 84 + i]) {
        differ++;
      }
    }
    assertEquals(4f * differ, y.data[0]);
  }

  @Test
  void addAliasingAndAccumulate() {
    Tensor a = new Tensor(new float[] {1, 2, 3}, 0, 1, 1, 1, 3);
    Tensor b = new Tensor(new float[] {10, 20, 30}, 0, 1, 1, 1, 3);
    Add add = new Add(1, 1, 3, 2);
    add.forward(new Tensor[] {a, b}, b);
    assertArrayEquals(new float[] {11, 22, 33}, b.data);
    Tensor g = new Tensor(new float[] {1, 1, 1}, 0, 1, 1, 1, 3);
    Tensor d0 = Tensor.vector(1, 3);
    add.backward(g, new Tensor[] {d0, null});
    assertArrayEquals(g.data, d0.data);
    Add.accumulate(d0, b);
    assertArrayEquals(new float[] {12, 23, 34}, d0.data);
  }

  @Test
  void addAndRbfVectorMatchScalar() {
    Random rnd = new Random(8);
    for (int c : new int[] {1, 15, 17, 84, 100}) {
      Tensor x = LayerFiniteDiff.random(rnd, 3, 1, 1, c, -1, 1);
      Tensor g = LayerFiniteDiff.random(rnd, 3, 1, 1, 10, -1, 1);
      Rbf v = new Rbf("r", 1, 1, c, 10, 1);
      Rbf s = new Rbf("r", 1, 1, c, 10, 1);
      s.vectorised = false;
      Tensor yv = Tensor.vector(3, 10);
      Tensor ys = Tensor.vector(3, 10);
      Tensor dv = Tensor.vector(3, c);
      Tensor ds = Tensor.vector(3, c);
      v.forward(x, yv, true);
      s.forward(x, ys, true);
      v.backward(x, yv, g, dv);
      s.backward(x, ys, g, ds);
      assertArrayEquals(ys.data, yv.data, 1e-5f * c);
      assertArrayEquals(ds.data, dv.data, 1e-5f);
      Tensor y = LayerFiniteDiff.random(rnd, 3, 1, 1, c, -1, 1);
      Add av = new Add(1, 1, c, 2);
      Add as = new Add(1, 1, c, 2);
      as.vectorised = false;
      Tensor ov = Tensor.vector(3, c);
      Tensor os = Tensor.vector(3, c);
      av.forward(new Tensor[] {x, y}, ov);
      as.forward(new Tensor[] {x, y}, os);
      assertArrayEquals(os.data, ov.data, 0f);
    }
  }
}
