package dev.cnnc.runtime.layers;

import static dev.cnnc.runtime.layers.GradCheck.abs;
import static dev.cnnc.runtime.layers.GradCheck.assertClose;
import static dev.cnnc.runtime.layers.GradCheck.checkGradient;
import static dev.cnnc.runtime.layers.GradCheck.dot;
import static dev.cnnc.runtime.layers.GradCheck.random;
import static dev.cnnc.runtime.layers.GradCheck.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dense against its double twin, finite differences, and thread-count independence. */
class DenseTest {
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  private static Dense layer(int in, int out, boolean bias, boolean relu, SplittableRandom r) {
    Dense d = new Dense("fc", in, out, bias, relu ? FusedActivation.RELU : FusedActivation.NONE);
    System.arraycopy(random(r, in * out), 0, d.weight().value, 0, in * out);
    if (bias) {
      System.arraycopy(random(r, out), 0, d.bias().value, 0, out);
    }
    return d;
  }

  @Test
  void matchesScalarTwinOnRandomShapes() {
    SplittableRandom r = new SplittableRandom(21);
    for (int t = 0; t < 30; t++) {
      int batch = 1 + r.nextInt(9);
      int h = 1 + r.nextInt(4);
      int w = 1 + r.nextInt(4);
      int c = 1 + r.nextInt(t < 25 ? 20 : 90); // up to 1440 features: crosses KC
      int out = 1 + r.nextInt(t < 25 ? 40 : 300);
      boolean bias = r.nextBoolean();
      boolean relu = r.nextBoolean();
      int in = h * w * c;
      Dense d = layer(in, out, bias, relu, r);
      Tensor x = new Tensor(random(r, batch * in + 2), 2, batch, h, w, c);
      Tensor y = Tensor.vector(batch, out);
      d.forward(x, y, true);
      double[] xd = toDouble(x.data, 2, x.size());
      double[] wd = toDouble(d.weight().value, 0, in * out);
      double[] bd = bias ? toDouble(d.bias().value, 0, out) : null;
      String at = batch + "x" + h + "x" + w + "x" + c + " -> " + out + " bias " + bias + " relu "
          + relu;
      assertClose(at + " forward", y.data, 0, 0, ScalarDense.forward(batch, in, out, xd, wd, bd,
          relu), ScalarDense.forward(batch, in, out, abs(xd), abs(wd), bd == null ? null : abs(bd),
          false), in);
      Tensor dy = new Tensor(random(r, y.size()), 0, batch, 1, 1, out);
      Tensor dx = Tensor.zeros(batch, h, w, c);
      Arrays.fill(d.weight().grad, 0.5f);
      d.backward(x, y, dy, dx);
      double[] yd = toDouble(y.data, 0, y.size());
      double[] dyd = toDouble(dy.data, 0, dy.size());
      ScalarConv2d.Grads g = ScalarDense.backward(batch, in, out, xd, wd, yd, dyd, relu);
      ScalarConv2d.Grads gb = ScalarDense.backward(batch, in, out, abs(xd), abs(wd), yd, abs(dyd),
          false);
      assertClose(at + " dx", dx.data, 0, 0, g.dx(), gb.dx(), out);
      assertClose(at + " dw", d.weight().grad, 0, 0.5, g.dw(), gb.dw(), batch + 1);
      if (bias) {
        assertClose(at + " db", d.bias().grad, 0, 0, g.db(), gb.db(), batch + 1);
      }
    }
  }

  @Test
  void finiteDifferenceGradients() {
    for (boolean relu : new boolean[] {false, true}) {
      SplittableRandom r = new SplittableRandom(relu ? 22 : 23);
      int batch = 3;
      int in = 2 * 3 * 5;
      int out = 7;
      Dense d = layer(in, out, true, relu, r);
      Tensor x = new Tensor(random(r, batch * in), 0, batch, 2, 3, 5);
      Tensor y = Tensor.vector(batch, out);
      Tensor rr = new Tensor(random(r, batch * out), 0, batch, 1, 1, out);
      Tensor dx = Tensor.zeros(batch, 2, 3, 5);
      d.forward(x, y, true);
      d.backward(x, y, rr, dx);
      double[] xd = toDouble(x.data, 0, x.size());
      double[] wd = toDouble(d.weight().value, 0, in * out);
      double[] bd = toDouble(d.bias().value, 0, out);
      double[] rd = toDouble(rr.data, 0, rr.size());
      checkGradient("dense dW", wd, d.weight().grad, 0, 0,
          w -> dot(ScalarDense.forward(batch, in, out, xd, w, bd, relu), rd));
      checkGradient("dense dX", xd, dx.data, 0, 0,
          v -> dot(ScalarDense.forward(batch, in, out, v, wd, bd, relu), rd));
      checkGradient("dense dB", bd, d.bias().grad, 0, 0,
          b -> dot(ScalarDense.forward(batch, in, out, xd, wd, b, relu), rd));
    }
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    float[][] ref = null;
    for (int threads = 1; threads <= 3; threads++) {
      Parallel.setThreads(threads);
      SplittableRandom r = new SplittableRandom(24);
      Dense d = layer(7 * 7 * 20, 130, true, true, r);
      Tensor x = new Tensor(random(r, 50 * 980), 0, 50, 7, 7, 20);
      Tensor y = Tensor.vector(50, 130);
      Tensor dx = Tensor.zeros(50, 7, 7, 20);
      d.forward(x, y, true);
      d.backward(x, y, new Tensor(random(r, 50 * 130), 0, 50, 1, 1, 130), dx);
      float[][] got = {y.data, dx.data, d.weight().grad, d.bias().grad};
      if (ref == null) {
        ref = got;
      } else {
        for (int i = 0; i < got.length; i++) {
          assertArrayEquals(ref[i], got[i], 0f, "output " + i + " with " + threads + " threads");
        }
      }
    }
  }
}
