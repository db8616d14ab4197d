package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Vectorised kernels against their scalar twins over random shapes, channel counts around and
 * between vector lengths. Tolerance: 1e-5 relative + 1e-6 absolute for exact-arithmetic kernels
 * (they add in the same order, so in practice equal), 2e-5 for kernels using exp/tanh/pow where the
 * vector intrinsics and {@code Math} may differ by a few ulps.
 */
class VectorScalarTest {
  private static final int[] CHANNELS = {1, 3, 7, 15, 16, 17, 31, 33, 40};

  private static void assertClose(Tensor a, Tensor b, double rel, String what) {
    for (int i = 0; i < a.size(); i++) {
      float x = a.data[a.offset + i];
      float y = b.data[b.offset + i];
      assertEquals(x, y, rel * Math.max(Math.abs(x), Math.abs(y)) + 1e-6, what + " at " + i);
    }
  }

  /** Runs forward + backward of two twins on the same data and compares out and dIn. */
  private static void compare(Layer vec, Layer sca, Tensor x, int oh, int ow, int oc,
      boolean training, double rel, String what) {
    Random rnd = new Random(what.hashCode());
    Tensor g = LayerFiniteDiff.random(rnd, x.n, oh, ow, oc, -1, 1);
    Tensor[] outs = new Tensor[2];
    Tensor[] dIns = new Tensor[2];
    Layer[] layers = {vec, sca};
    for (int k = 0; k < 2; k++) {
      outs[k] = Tensor.zeros(x.n, oh, ow, oc);
      dIns[k] = Tensor.zeros(x.n, x.h, x.w, x.c);
      layers[k].forward(x, outs[k], training);
      layers[k].backward(x, outs[k], g, dIns[k]);
    }
    assertClose(outs[0], outs[1], rel, what + " forward");
    assertClose(dIns[0], dIns[1], rel, what + " backward");
    for (int p = 0; p < vec.parameters().size(); p++) {
      float[] a = vec.parameters().get(p).grad;
      float[] b = sca.parameters().get(p).grad;
      if (a != null) {
        assertClose(new Tensor(a, 0, 1, 1, 1, a.length), new Tensor(b, 0, 1, 1, 1, b.length),
            rel, what + " param " + p);
      }
    }
  }

  @Test
  void pooling() {
    Random rnd = new Random(1);
    for (int c : CHANNELS) {
      int h = 3 + rnd.nextInt(6);
      int w = 3 + rnd.nextInt(6);
      int k = 2 + rnd.nextInt(2);
      int s = 1 + rnd.nextInt(2);
      int pad = rnd.nextInt(2);
      int oh = PoolingGradTest.outSize(h, k, s, pad, 0, true);
      int ow = PoolingGradTest.outSize(w, k, s, 0, pad, true);
      Tensor x = LayerFiniteDiff.random(rnd, 3, h, w, c, -2, 2);
      String shape = h + "x" + w + "x" + c + " k" + k + " s" + s + " p" + pad;
      MaxPool2d mv = new MaxPool2d(h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      MaxPool2d ms = new MaxPool2d(h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      ms.vectorised = false;
      compare(mv, ms, x, oh, ow, c, true, 1e-5, "max " + shape);
      AvgPool2d av = new AvgPool2d(h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      AvgPool2d as = new AvgPool2d(h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      as.vectorised = false;
      compare(av, as, x, oh, ow, c, true, 1e-5, "avg " + shape);
      Subsample sv = new Subsample("s", h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      Subsample ss = new Subsample("s", h, w, c, k, k, s, s, pad, 0, 0, pad, oh, ow);
      ss.vectorised = false;
      compare(sv, ss, x, oh, ow, c, true, 1e-5, "subsample " + shape);
      GlobalAvgPool gv = new GlobalAvgPool(h, w, c);
      GlobalAvgPool gs = new GlobalAvgPool(h, w, c);
      gs.vectorised = false;
      compare(gv, gs, x, 1, 1, c, true, 1e-5, "gap " + shape);
    }
  }

  @Test
  void batchNorm() {
    Random rnd = new Random(2);
    for (int c : CHANNELS) {
      int h = 1 + rnd.nextInt(5);
      int w = 1 + rnd.nextInt(5);
      Tensor x = LayerFiniteDiff.random(rnd, 4, h, w, c, -1, 3);
      for (boolean training : new boolean[] {true, false}) {
        BatchNorm v = new BatchNorm("bn", h, w, c);
        BatchNorm s = new BatchNorm("bn", h, w, c);
        s.vectorised = false;
        compare(v, s, x, h, w, c, training, 1e-5, "bn " + h + "x" + w + "x" + c + " " + training);
      }
    }
  }

  @Test
  void lrn() {
    Random rnd = new Random(5);
    for (int c : CHANNELS) {
      for (int radius = 1; radius <= 3; radius++) {
        int h = 1 + rnd.nextInt(4);
        int w = 1 + rnd.nextInt(4);
        // A large alpha so the window sums matter; beta other than 0.75 for the general power.
        float alpha = 0.05f + rnd.nextFloat();
        float beta = radius == 3 ? 0.6f : 0.75f;
        Tensor x = LayerFiniteDiff.random(rnd, 2, h, w, c, -2, 2);
        Lrn vec = new Lrn(h, w, c, radius, alpha, beta, 1.5f);
        Lrn sca = new Lrn(h, w, c, radius, alpha, beta, 1.5f);
        sca.vectorised = false;
        compare(vec, sca, x, h, w, c, true, 2e-5, "lrn " + h + "x" + w + "x" + c + " r" + radius);
      }
    }
  }

  @Test
  void activationsAndSoftmax() {
    Random rnd = new Random(3);
    for (int c : CHANNELS) {
      int h = 1 + rnd.nextInt(4);
      int w = 1 + rnd.nextInt(4);
      Tensor x = LayerFiniteDiff.random(rnd, 3, h, w, c, -4, 4);
      for (Activation.Kind kind : Activation.Kind.values()) {
        Activation v = new Activation(h, w, c, kind, 0.3f);
        Activation s = new Activation(h, w, c, kind, 0.3f);
        s.vectorised = false;
        compare(v, s, x, h, w, c, true, 2e-5, kind + " " + c);
      }
      Softmax v = new Softmax(h, w, c);
      Softmax s = new Softmax(h, w, c);
      s.vectorised = false;
      compare(v, s, x, h, w, c, true, 2e-5, "softmax " + c);
    }
  }
}
