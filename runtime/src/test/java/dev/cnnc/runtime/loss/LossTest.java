package dev.cnnc.runtime.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossTest {
  private static Tensor random(Random rnd, int n, int k, double scale) {
    Tensor t = Tensor.vector(n, k);
    for (int i = 0; i < t.size(); i++) {
      t.data[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
    }
    return t;
  }

  private static double[] softmax(Tensor logits, int b) {
    int k = logits.c;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, logits.data[b * k + i]);
    }
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      p[i] = Math.exp(logits.data[b * k + i] - max);
      sum += p[i];
    }
    for (int i = 0; i < k; i++) {
      p[i] /= sum;
    }
    return p;
  }

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHot() {
    Random rnd = new Random(1);
    int n = 4;
    int k = 7;
    Tensor logits = random(rnd, n, k, 3);
    int[] labels = {0, 6, 3, 3};
    Tensor d = Tensor.vector(n, k);
    float loss = SoftmaxCrossEntropy.fromLogits(logits, labels, d);
    double expected = 0;
    for (int b = 0; b < n; b++) {
      double[] p = softmax(logits, b);
      expected -= Math.log(p[labels[b]]) / n;
      for (int i = 0; i < k; i++) {
        assertEquals((p[i] - (i == labels[b] ? 1 : 0)) / n, d.data[b * k + i], 1e-6);
      }
    }
    assertEquals(expected, loss, 1e-5);
    // Finite difference on the loss itself.
    for (int i = 0; i < logits.size(); i += 3) {
      float saved = logits.data[i];
      logits.data[i] = saved + 1e-2f;
      double plus = SoftmaxCrossEntropy.fromLogits(logits, labels, null);
      logits.data[i] = saved - 1e-2f;
      double minus = SoftmaxCrossEntropy.fromLogits(logits, labels, null);
      logits.data[i] = saved;
      assertEquals((plus - minus) / 2e-2, d.data[i], 1e-3);
    }
  }

  @Test
  void probabilityVariantMatchesFusedLogits() {
    Random rnd = new Random(2);
    Tensor logits = random(rnd, 3, 5, 4);
    int[] labels = {4, 0, 2};
    Tensor probs = Tensor.vector(3, 5);
    for (int b = 0; b < 3; b++) {
      double[] p = softmax(logits, b);
      for (int i = 0; i < 5; i++) {
        probs.data[b * 5 + i] = (float) p[i];
      }
    }
    Tensor d1 = Tensor.vector(3, 5);
    Tensor d2 = Tensor.vector(3, 5);
    float l1 = SoftmaxCrossEntropy.fromLogits(logits, labels, d1);
    float l2 = SoftmaxCrossEntropy.fromProbabilities(probs, labels, d2);
    assertEquals(l1, l2, 1e-5);
    for (int i = 0; i < 15; i++) {
      assertEquals(d1.data[i], d2.data[i], 1e-6);
    }
  }

  @Test
  void crossEntropyIsStable() {
    Tensor logits = new Tensor(new float[] {1e4f, -1e4f, 0f}, 0, 1, 1, 1, 3);
    Tensor d = Tensor.vector(1, 3);
    assertEquals(2e4f, SoftmaxCrossEntropy.fromLogits(logits, new int[] {1}, d), 1);
    assertEquals(1f, d.data[0], 1e-6);
    assertEquals(-1f, d.data[1], 1e-6);
    Tensor saturated = new Tensor(new float[] {1f, 0f}, 0, 1, 1, 1, 2);
    assertTrue(Float.isFinite(SoftmaxCrossEntropy.fromProbabilities(saturated, new int[] {1}, null)));
  }

  @Test
  void meanSquaredError() {
    Tensor p = new Tensor(new float[] {1, 2, 3, 4}, 0, 2, 1, 1, 2);
    Tensor t = new Tensor(new float[] {0, 2, 5, 4}, 0, 2, 1, 1, 2);
    Tensor d = Tensor.vector(2, 2);
    assertEquals((1 + 0 + 4 + 0) / 4f, MeanSquaredError.compute(p, t, d), 1e-6);
    assertEquals(2 * 1 / 4f, d.data[0], 1e-6);
    assertEquals(2 * -2 / 4f, d.data[2], 1e-6);
    Tensor d2 = Tensor.vector(2, 2);
    // Labels 0 and 1 with +1/-1 targets: targets (1,-1), (-1,1).
    float l = MeanSquaredError.withLabels(p, new int[] {0, 1}, 1f, -1f, d2);
    assertEquals((0 + 9 + 16 + 9) / 4f, l, 1e-6);
    assertEquals(2 * 3 / 4f, d2.data[1], 1e-6);
  }

  @Test
  void topKCounts() {
    Tensor s = new Tensor(new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f}, 0, 2, 1, 1, 3);
    assertEquals(1, Metrics.correct(s, new int[] {1, 1}));
    assertEquals(2, Metrics.correctTopK(s, new int[] {2, 1}, 2, false));
    assertEquals(2, Metrics.correctTopK(s, new int[] {0, 2}, 1, true));
    assertEquals(0, Metrics.correctTopK(s, new int[] {1, 0}, 1, true));
    assertEquals(1, Metrics.argBest(s, 0, false));
    assertEquals(2, Metrics.argBest(s, 1, true));
    // A constant output is right only for the first class.
    Tensor flat = Tensor.vector(3, 4);
    assertEquals(1, Metrics.correct(flat, new int[] {0, 1, 3}));
  }

  @Test
  void rbfLossGradient() {
    Random rnd = new Random(3);
    Tensor y = random(rnd, 3, 10, 5);
    for (int i = 0; i < y.size(); i++) {
      y.data[i] = Math.abs(y.data[i]) * 10;
    }
    int[] labels = {2, 9, 0};
    for (float j : new float[] {1f, Float.POSITIVE_INFINITY}) {
      Tensor d = Tensor.vector(3, 10);
      RbfLoss.compute(y, labels, j, d);
      for (int i = 0; i < y.size(); i++) {
        float saved = y.data[i];
        y.data[i] = saved + 1e-2f;
        double plus = RbfLoss.compute(y, labels, j, null);
        y.data[i] = saved - 1e-2f;
        double minus = RbfLoss.compute(y, labels, j, null);
        y.data[i] = saved;
        assertEquals((plus - minus) / 2e-2, d.data[i], 2e-3, "j " + j + " at " + i);
      }
    }
    // Plain form: mean of the label's distance.
    assertEquals((y.data[2] + y.data[19] + y.data[20]) / 3,
        RbfLoss.compute(y, labels, Float.POSITIVE_INFINITY, null), 1e-4);
  }
}
