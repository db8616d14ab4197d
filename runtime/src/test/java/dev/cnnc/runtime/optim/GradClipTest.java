package dev.cnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.tensor.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
  @Test
  void clipsToGlobalNorm() {
    Parameter a = new Parameter("a", true, 2);
    Parameter b = new Parameter("b", true, 20);
    a.grad[0] = 3f;
    b.grad[19] = 4f;
    Parameter fixed = new Parameter("f", false, 1);
    double norm = GradClip.clipByGlobalNorm(List.of(a, b, fixed), 1f);
    assertEquals(5, norm, 1e-6);
    assertEquals(0.6, a.grad[0], 1e-5);
    assertEquals(0.8, b.grad[19], 1e-5);
    // Under the limit nothing changes.
    assertEquals(1, GradClip.clipByGlobalNorm(List.of(a, b), 2f), 1e-5);
    assertEquals(0.6, a.grad[0], 1e-5);
  }

  @Test
  void vectorSumOfSquaresMatchesDoubleLoop() {
    java.util.Random rnd = new java.util.Random(1);
    for (int size : new int[] {1, 17, 4095, 4097, 10_001}) {
      float[] g = new float[size];
      double expected = 0;
      for (int i = 0; i < size; i++) {
        g[i] = (float) rnd.nextGaussian();
        expected += (double) g[i] * g[i];
      }
      assertEquals(expected, GradClip.sumOfSquares(g), 1e-5 * expected);
    }
  }
}
