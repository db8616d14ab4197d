package dev.cnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cnnc.runtime.tensor.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static Parameter param(String name, float[] w, float[] g) {
    Parameter p = new Parameter(name, true, w.length);
    System.arraycopy(w, 0, p.value, 0, w.length);
    System.arraycopy(g, 0, p.grad, 0, g.length);
    return p;
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    Parameter p = param("w", new float[] {1f, -2f}, new float[] {0.5f, 0.25f});
    Sgd sgd = new Sgd(0.1f, 0.9f, 0f, 0.01f, false);
    sgd.step(List.of(p));
    // g = grad + 0.01 w = (0.51, 0.23); buf = g; w -= 0.1 g
    assertEquals(1 - 0.1 * 0.51, p.value[0], 1e-6);
    assertEquals(-2 - 0.1 * 0.23, p.value[1], 1e-6);
    double w0 = 1 - 0.1 * 0.51;
    sgd.step(List.of(p));
    double g = 0.5 + 0.01 * w0;
    double buf = 0.9 * 0.51 + g;
    assertEquals(w0 - 0.1 * buf, p.value[0], 1e-6);
  }

  @Test
  void sgdNesterov() {
    Parameter p = param("w", new float[] {1f}, new float[] {1f});
    Sgd sgd = new Sgd(0.1f, 0.5f, 0f, 0f, true);
    sgd.step(List.of(p));
    // buf = 1; g = 1 + 0.5·1 = 1.5
    assertEquals(1 - 0.15, p.value[0], 1e-6);
    sgd.step(List.of(p));
    // buf = 0.5 + 1 = 1.5; g = 1 + 0.75
    assertEquals(0.85 - 0.175, p.value[0], 1e-6);
  }

  @Test
  void adamFirstStepMovesByLearningRateTimesSign() {
    Parameter p = param("w", new float[] {1f, 1f, 1f}, new float[] {3f, -0.01f, 200f});
    Adam adam = new Adam(0.001f);
    adam.step(List.of(p));
    assertEquals(1 - 0.001, p.value[0], 1e-6);
    assertEquals(1 + 0.001, p.value[1], 1e-6);
    assertEquals(1 - 0.001, p.value[2], 1e-6);
    assertEquals(1, adam.stepCount());
  }

  @Test
  void adamSecondStepByHand() {
    Parameter p = param("w", new float[] {0f}, new float[] {1f});
    Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0f);
    adam.step(List.of(p));
    p.grad[0] = -2f;
    adam.step(List.of(p));
    double m = 0.9 * 0.1 + 0.1 * -2;
    double v = 0.999 * 0.001 + 0.001 * 4;
    double mhat = m / (1 - 0.81);
    double vhat = v / (1 - 0.999 * 0.999);
    assertEquals(-0.1 - 0.1 * mhat / (Math.sqrt(vhat) + 1e-8), p.value[0], 1e-6);
  }

  @Test
  void adamWDecaysDecoupled() {
    Parameter p = param("w", new float[] {2f}, new float[] {0f});
    AdamW adamw = new AdamW(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f);
    adamw.step(List.of(p));
    // Zero gradient: only the decay acts, w = 2 (1 − 0.05).
    assertEquals(1.9, p.value[0], 1e-6);
    Parameter q = param("w", new float[] {2f}, new float[] {0f});
    new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f).step(List.of(q));
    // Coupled L2: g = 1, so Adam moves by lr.
    assertEquals(1.9, q.value[0], 1e-6);
  }

  @Test
  void nadamMatchesDoubleReference() {
    Parameter p = param("w", new float[] {0.5f}, new float[] {0f});
    Nadam nadam = new Nadam(0.01f);
    double w = 0.5;
    double m = 0;
    double v = 0;
    double prod = 1;
    double[] grads = {0.3, -1.2, 0.7, 2.0};
    for (int t = 1; t <= grads.length; t++) {
      p.grad[0] = (float) grads[t - 1];
      nadam.step(List.of(p));
      double g = grads[t - 1];
      double mu = 0.9 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
      double muNext = 0.9 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
      prod *= mu;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      double d = Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8;
      w -= 0.01 * (1 - mu) / (1 - prod) * g / d + 0.01 * muNext / (1 - prod * muNext) * m / d;
      assertEquals(w, p.value[0], 1e-6, "step " + t);
    }
  }

  @Test
  void rmsPropByHand() {
    Parameter p = param("w", new float[] {1f}, new float[] {2f});
    RmsProp rms = new RmsProp(0.01f, 0.9f, 1e-7f, 0f, 0.5f, false);
    rms.step(List.of(p));
    double v = 0.1 * 4;
    double step = 2 / (Math.sqrt(v) + 1e-7);
    assertEquals(1 - 0.01 * step, p.value[0], 1e-6);
    double w = 1 - 0.01 * step;
    rms.step(List.of(p));
    v = 0.9 * v + 0.1 * 4;
    step = 0.5 * step + 2 / (Math.sqrt(v) + 1e-7);
    assertEquals(w - 0.01 * step, p.value[0], 1e-6);
  }

  @Test
  void skipsNonTrainableParameters() {
    Parameter fixed = new Parameter("bn.running_mean", false, 2);
    fixed.value[0] = 3f;
    Adam adam = new Adam(0.1f);
    adam.step(List.of(fixed));
    assertEquals(3f, fixed.value[0]);
    assertEquals(0, adam.state().size());
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    for (int kind = 0; kind < 5; kind++) {
      Random rnd = new Random(kind);
      Parameter a = randomParam(rnd, 37);
      Parameter b = param("w", a.value.clone(), a.grad.clone());
      Optimizer first = make(kind);
      first.step(List.of(a));
      first.step(List.of(a));
      System.arraycopy(a.value, 0, b.value, 0, 37);
      Optimizer second = make(kind);
      Map<String, float[]> saved = first.state();
      second.restore(saved, first.stepCount());
      for (int i = 0; i < 37; i++) {
        a.grad[i] = b.grad[i] = (float) rnd.nextGaussian();
      }
      first.step(List.of(a));
      second.step(List.of(b));
      assertArrayEquals(a.value, b.value, "optimiser " + kind);
    }
  }

  @Test
  void stateNames() {
    Parameter p = param("conv1.weight", new float[] {1f}, new float[] {1f});
    Adam adam = new Adam(0.1f);
    adam.step(List.of(p));
    assertEquals(List.of("conv1.weight.exp_avg", "conv1.weight.exp_avg_sq"),
        List.copyOf(adam.state().keySet()));
    Sgd plain = new Sgd(0.1f, 0f);
    plain.step(List.of(p));
    assertEquals(0, plain.state().size());
    Sgd mom = new Sgd(0.1f, 0.9f);
    mom.step(List.of(p));
    assertNull(mom.state().get("conv1.weight.exp_avg"));
    assertEquals(1, mom.state().get("conv1.weight.momentum_buffer").length);
  }

  /** Vector and scalar twins; sizes with vector tails. Tolerance 1e-6 relative (same op order). */
  @Test
  void vectorMatchesScalar() {
    for (int kind = 0; kind < 6; kind++) {
      for (int size : new int[] {1, 15, 16, 17, 100, 1031}) {
        Random rnd = new Random(size * 10 + kind);
        Parameter a = randomParam(rnd, size);
        Parameter b = param("w", a.value.clone(), a.grad.clone());
        StatefulOptimizer va = make(kind);
        StatefulOptimizer sb = make(kind);
        sb.vectorised = false;
        for (int step = 0; step < 3; step++) {
          va.step(List.of(a));
          sb.step(List.of(b));
          for (int i = 0; i < size; i++) {
            a.grad[i] = b.grad[i] = (float) rnd.nextGaussian();
          }
        }
        for (int i = 0; i < size; i++) {
          assertEquals(b.value[i], a.value[i], 1e-6 * Math.abs(b.value[i]) + 1e-7,
              "optimiser " + kind + " size " + size);
        }
      }
    }
  }

  @Test
  void largeParametersUpdateInParallelChunks() {
    Random rnd = new Random(8);
    Parameter a = randomParam(rnd, 200_003);
    Parameter b = param("w", a.value.clone(), a.grad.clone());
    StatefulOptimizer va = make(1);
    StatefulOptimizer sb = make(1);
    sb.vectorised = false;
    va.step(List.of(a));
    sb.step(List.of(b));
    assertArrayEquals(b.value, a.value, 1e-6f);
  }

  private static Parameter randomParam(Random rnd, int size) {
    Parameter p = new Parameter("w", true, size);
    for (int i = 0; i < size; i++) {
      p.value[i] = (float) rnd.nextGaussian();
      p.grad[i] = (float) rnd.nextGaussian();
    }
    return p;
  }

  private static StatefulOptimizer make(int kind) {
    return switch (kind) {
      case 0 -> new Sgd(0.05f, 0.9f, 0.1f, 1e-3f, false);
      case 1 -> new Adam(0.01f, 0.9f, 0.999f, 1e-8f, 1e-3f);
      case 2 -> new AdamW(0.01f);
      case 3 -> new Nadam(0.01f);
      case 4 -> new RmsProp(0.01f, 0.9f, 1e-7f, 1e-3f, 0.9f, true);
      default -> new Sgd(0.05f, 0.8f, 0f, 0f, true);
    };
  }
}
