package dev.cnnc.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.tensor.Parameter;
import org.junit.jupiter.api.Test;

/** Moments and ranges of every scheme, and seed reproducibility. */
class InitTest {
  @Test
  void everySchemeHasItsVarianceAndRange() {
    int n = 200_000;
    for (Init.Scheme s : Init.Scheme.values()) {
      float[] w = new float[n];
      Init.fill(w, 0, n, s, 75, 120, 5);
      double var = Init.variance(s, 75, 120);
      double sum = 0;
      double sq = 0;
      double max = 0;
      for (float v : w) {
        sum += v;
        sq += (double) v * v;
        max = Math.max(max, Math.abs(v));
      }
      double mean = sum / n;
      double got = sq / n - mean * mean;
      assertEquals(0, mean, 5 * Math.sqrt(var / n), s + " mean");
      assertEquals(var, got, 0.02 * var, s + " variance");
      if (s.name().endsWith("UNIFORM")) {
        assertTrue(max <= Math.sqrt(3 * var), s + " exceeds its uniform limit");
      } else {
        assertTrue(max > Math.sqrt(3 * var), s + " looks uniform, not normal");
      }
    }
    assertEquals(2.0 / 75, Init.variance(Init.Scheme.HE_NORMAL, 75, 120), 0);
    assertEquals(2.0 / 195, Init.variance(Init.Scheme.GLOROT_UNIFORM, 75, 120), 0);
    assertEquals(1.0 / 75, Init.variance(Init.Scheme.LECUN_NORMAL, 75, 120), 0);
  }

  @Test
  void sameSeedSameValuesDifferentNameDifferentSeed() {
    Parameter a = new Parameter("conv1.weight", true, 3, 3, 2, 4);
    Parameter b = new Parameter("conv1.weight", true, 3, 3, 2, 4);
    long seed = Init.seedFor(42, a.name());
    Init.fill(a, Init.Scheme.HE_UNIFORM, 18, 36, seed);
    Init.fill(b, Init.Scheme.HE_UNIFORM, 18, 36, Init.seedFor(42, "conv1.weight"));
    assertArrayEquals(a.value, b.value, 0f);
    assertNotEquals(seed, Init.seedFor(42, "conv2.weight"));
    assertNotEquals(seed, Init.seedFor(43, "conv1.weight"));
  }
}
