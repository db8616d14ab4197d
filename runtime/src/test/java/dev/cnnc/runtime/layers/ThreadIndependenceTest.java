package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pooling and sub-sampling give bit-identical results with 1 and 2 threads (BN: BatchNormTest). */
class ThreadIndependenceTest {
  @Test
  void poolingAndSubsample() {
    int saved = Parallel.threads();
    try {
      Random rnd = new Random(4);
      // 8 x 20 x 20 x 24: large enough that the batch is split across threads.
      Tensor x = LayerFiniteDiff.random(rnd, 8, 20, 20, 24, -1, 1);
      Tensor g = LayerFiniteDiff.random(rnd, 8, 10, 10, 24, -1, 1);
      float[][] one = run(x, g, 1);
      float[][] two = run(x, g, 2);
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], two[i], "array " + i);
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  private static float[][] run(Tensor x, Tensor g, int threads) {
    Parallel.setThreads(threads);
    Layer[] layers = {
        new MaxPool2d(20, 20, 24, 3, 3, 2, 2, 1, 0, 1, 0, 10, 10),
        new AvgPool2d(20, 20, 24, 3, 3, 2, 2, 1, 0, 1, 0, 10, 10),
        new Subsample("s", 20, 20, 24, 2, 2, 2, 2, 0, 0, 0, 0, 10, 10)};
    float[][] results = new float[layers.length * 2 + 2][];
    for (int i = 0; i < layers.length; i++) {
      Tensor y = Tensor.zeros(8, 10, 10, 24);
      Tensor dx = Tensor.zeros(8, 20, 20, 24);
      layers[i].forward(x, y, true);
      layers[i].backward(x, y, g, dx);
      results[2 * i] = y.data;
      results[2 * i + 1] = dx.data;
    }
    results[6] = layers[2].parameters().get(0).grad;
    results[7] = layers[2].parameters().get(1).grad;
    return results;
  }
}
