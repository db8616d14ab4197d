package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Batch norm, pooling and sub-sampling give bit-identical results with 1 and 2 threads. */
class ThreadIndependenceTest {
  @Test
  void batchNorm() {
    Random rnd = new Random(9);
    // 8 x 16 x 16 x 24 floats: above the threshold where the batch is really split.
    Tensor x = LayerFiniteDiff.random(rnd, 8, 16, 16, 24, -1, 2);
    Tensor g = LayerFiniteDiff.random(rnd, 8, 16, 16, 24, -1, 1);
    assertSameOnOneAndTwoThreads(threads -> {
      BatchNorm bn = new BatchNorm("bn", 16, 16, 24);
      Tensor y = Tensor.zeros(8, 16, 16, 24);
      Tensor dx = Tensor.zeros(8, 16, 16, 24);
      bn.forward(x, y, true);
      bn.backward(x, y, g, dx);
      List<Parameter> ps = bn.parameters();
      return new float[][] {y.data, dx.data, ps.get(0).grad, ps.get(1).grad, ps.get(2).value, ps.get(3).value};
    });
  }

  @Test
  void poolingAndSubsample() {
    Random rnd = new Random(4);
    // 8 x 20 x 20 x 24: large enough that the batch is split across threads.
    Tensor x = LayerFiniteDiff.random(rnd, 8, 20, 20, 24, -1, 1);
    Tensor g = LayerFiniteDiff.random(rnd, 8, 10, 10, 24, -1, 1);
    assertSameOnOneAndTwoThreads(threads -> {
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
    });
  }

  /** Runs {@code work} with 1 and then 2 worker threads and compares every array it returns. */
  private static void assertSameOnOneAndTwoThreads(IntFunction<float[][]> work) {
    int saved = Parallel.threads();
    try {
      Parallel.setThreads(1);
      float[][] one = work.apply(1);
      Parallel.setThreads(2);
      float[][] two = work.apply(2);
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], two[i], "array " + i);
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }
}
