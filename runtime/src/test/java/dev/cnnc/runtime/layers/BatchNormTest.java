package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormTest {
  private static BatchNorm randomised(int h, int w, int c, Random rnd) {
    BatchNorm bn = new BatchNorm("bn", h, w, c, 1e-5f, 0.1f);
    List<Parameter> ps = bn.parameters();
    for (int ch = 0; ch < c; ch++) {
      ps.get(0).value[ch] = (float) (0.5 + rnd.nextDouble());
      ps.get(1).value[ch] = (float) (rnd.nextDouble() - 0.5);
      ps.get(2).value[ch] = (float) (rnd.nextDouble() - 0.5);
      ps.get(3).value[ch] = (float) (0.5 + rnd.nextDouble());
    }
    return bn;
  }

  @Test
  void trainingGradients() {
    Random rnd = new Random(1);
    for (boolean vec : new boolean[] {true, false}) {
      BatchNorm bn = randomised(7, 5, 3, rnd);
      bn.vectorised = vec;
      LayerFiniteDiff.checkLayer(bn, LayerFiniteDiff.random(rnd, 2, 7, 5, 3, -2, 3),
          Tensor.zeros(2, 7, 5, 3), true, 12);
      BatchNorm flat = randomised(1, 1, 19, rnd);
      flat.vectorised = vec;
      LayerFiniteDiff.checkLayer(flat, LayerFiniteDiff.random(rnd, 5, 1, 1, 19, -2, 3),
          Tensor.vector(5, 19), true, 13);
    }
  }

  @Test
  void inferenceGradients() {
    Random rnd = new Random(2);
    BatchNorm bn = randomised(3, 5, 17, rnd);
    LayerFiniteDiff.checkLayer(bn, LayerFiniteDiff.random(rnd, 2, 3, 5, 17, -2, 2),
        Tensor.zeros(2, 3, 5, 17), false, 14);
  }

  @Test
  void runningStatisticsFollowPyTorch() {
    // One channel, 2 samples of 1x2: values 1, 2, 3, 6 -> mean 3, biased var 3.5, unbiased 14/3.
    BatchNorm bn = new BatchNorm("bn", 1, 2, 1, 1e-5f, 0.1f);
    Tensor x = new Tensor(new float[] {1, 2, 3, 6}, 0, 2, 1, 2, 1);
    Tensor y = Tensor.zeros(2, 1, 2, 1);
    bn.forward(x, y, true);
    Parameter mean = bn.parameters().get(2);
    Parameter var = bn.parameters().get(3);
    assertEquals("bn.running_mean", mean.name());
    assertEquals("bn.running_var", var.name());
    assertEquals(0.9 * 0 + 0.1 * 3, mean.value[0], 1e-6);
    assertEquals(0.9 * 1 + 0.1 * 14.0 / 3, var.value[0], 1e-6);
    // Normalised with the biased variance.
    assertEquals((1 - 3) / Math.sqrt(3.5 + 1e-5), y.data[0], 1e-5);
    bn.forward(x, y, true);
    assertEquals(0.9 * 0.3 + 0.1 * 3, mean.value[0], 1e-6);
    // Inference uses the running statistics and leaves them alone.
    bn.forward(x, y, false);
    double rv = 0.9 * (0.9 + 0.1 * 14.0 / 3) + 0.1 * 14.0 / 3;
    assertEquals((1 - 0.57) / Math.sqrt(rv + 1e-5), y.data[0], 1e-5);
    assertEquals(0.57, mean.value[0], 1e-6);
  }

  @Test
  void foldedScaleAndShiftReproduceInference() {
    Random rnd = new Random(4);
    BatchNorm bn = randomised(2, 3, 5, rnd);
    Tensor x = LayerFiniteDiff.random(rnd, 2, 2, 3, 5, -2, 2);
    Tensor y = Tensor.zeros(2, 2, 3, 5);
    bn.forward(x, y, false);
    float[] scale = bn.inferenceScale();
    float[] shift = bn.inferenceShift();
    for (int i = 0; i < x.size(); i++) {
      int ch = i % 5;
      assertEquals(x.data[i] * scale[ch] + shift[ch], y.data[i], 1e-5);
    }
  }
}
