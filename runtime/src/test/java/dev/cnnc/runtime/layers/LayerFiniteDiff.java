package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Central-difference gradient check for the layers of this package (named apart from any other
 * gradient-check helper in the test tree). The objective is f = Σ r ⊙ out with a fixed random r,
 * summed in double; the analytic side feeds dOut = r to the backward.
 *
 * <p>Input gradients are pre-filled with NaN (backward must overwrite them), parameter gradients
 * with a constant that is subtracted afterwards (backward must accumulate).
 */
final class LayerFiniteDiff {
  static final double EPS = 1e-2;
  static final double RTOL = 1e-2;
  static final double ATOL = 1e-3;
  private static final float PREFILL = 0.25f;

  /** A differentiable variable: values and the gradient the backward writes for them. */
  record Var(String name, float[] value, int off, int len, float[] grad, int gradOff,
      boolean accumulates) {
    static Var input(String name, Tensor x, Tensor dx) {
      return new Var(name, x.data, x.offset, x.size(), dx.data, dx.offset, false);
    }

    static Var param(Parameter p) {
      return new Var(p.name(), p.value, 0, p.size(), p.grad, 0, true);
    }
  }

  private LayerFiniteDiff() {}

  /** Checks a single-input layer: input x, every trainable parameter. */
  static void checkLayer(Layer layer, Tensor x, Tensor out, boolean training, long seed) {
    checkLayer(layer, x, out, training, seed, () -> {});
  }

  static void checkLayer(Layer layer, Tensor x, Tensor out, boolean training, long seed,
      Runnable beforeForward) {
    Tensor dOut = Tensor.zeros(out.n, out.h, out.w, out.c);
    Tensor dx = Tensor.zeros(x.n, x.h, x.w, x.c);
    List<Var> vars = new ArrayList<>();
    vars.add(Var.input("input", x, dx));
    for (Parameter p : layer.parameters()) {
      if (p.trainable()) {
        vars.add(Var.param(p));
      }
    }
    check(layer.getClass().getSimpleName(), () -> {
      beforeForward.run();
      layer.forward(x, out, training);
    }, () -> layer.backward(x, out, dOut, dx), out, dOut, vars, seed);
  }

  /** Runs the check; fails with the worst element if any exceeds tolerance. */
  static void check(String what, Runnable forward, Runnable backward, Tensor out, Tensor dOut,
      List<Var> vars, long seed) {
    double worst = worstError(forward, backward, out, dOut, vars, seed);
    if (worst > 1) {
      fail(what + ": gradient mismatch, worst error/tolerance " + worst + " — " + lastReport);
    }
  }

  private static String lastReport = "";

  /** Worst |analytic − numeric| / (RTOL·max(|a|,|n|) + ATOL·scale); ≤ 1 means pass. */
  static double worstError(Runnable forward, Runnable backward, Tensor out, Tensor dOut,
      List<Var> vars, long seed) {
    Random rnd = new Random(seed);
    for (int i = 0; i < dOut.size(); i++) {
      dOut.data[dOut.offset + i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    for (Var v : vars) {
      Arrays.fill(v.grad, v.gradOff, v.gradOff + v.len, v.accumulates ? PREFILL : Float.NaN);
    }
    forward.run();
    backward.run();
    double worst = 0;
    for (Var v : vars) {
      double[] analytic = new double[v.len];
      for (int i = 0; i < v.len; i++) {
        analytic[i] = v.grad[v.gradOff + i] - (v.accumulates ? PREFILL : 0f);
      }
      double[] numeric = new double[v.len];
      for (int i = 0; i < v.len; i++) {
        float saved = v.value[v.off + i];
        v.value[v.off + i] = (float) (saved + EPS);
        double plus = objective(forward, out, dOut);
        v.value[v.off + i] = (float) (saved - EPS);
        double minus = objective(forward, out, dOut);
        v.value[v.off + i] = saved;
        // Divide by the perturbation actually applied in float.
        double h = (double) (float) (saved + EPS) - (double) (float) (saved - EPS);
        numeric[i] = (plus - minus) / h;
      }
      double scale = 0;
      for (int i = 0; i < v.len; i++) {
        scale = Math.max(scale, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
      }
      for (int i = 0; i < v.len; i++) {
        double a = analytic[i];
        double n = numeric[i];
        double tol = RTOL * Math.max(Math.abs(a), Math.abs(n)) + ATOL * Math.max(scale, 1e-3);
        double e = Double.isNaN(a) ? Double.POSITIVE_INFINITY : Math.abs(a - n) / tol;
        if (e > worst) {
          worst = e;
          lastReport = v.name + "[" + i + "] analytic " + a + " numeric " + n;
        }
      }
    }
    forward.run();
    return worst;
  }

  private static double objective(Runnable forward, Tensor out, Tensor r) {
    forward.run();
    double f = 0;
    for (int i = 0; i < out.size(); i++) {
      f += (double) out.data[out.offset + i] * r.data[r.offset + i];
    }
    return f;
  }

  /** Uniform values in [lo, hi). */
  static Tensor random(Random rnd, int n, int h, int w, int c, double lo, double hi) {
    Tensor t = Tensor.zeros(n, h, w, c);
    for (int i = 0; i < t.size(); i++) {
      t.data[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
    }
    return t;
  }

  /** Distinct values spaced by 0.05 in random order: no ties within 2·EPS, so max is stable. */
  static Tensor distinct(Random rnd, int n, int h, int w, int c) {
    Tensor t = Tensor.zeros(n, h, w, c);
    int size = t.size();
    for (int i = 0; i < size; i++) {
      t.data[i] = (float) ((i - size / 2) * 0.05);
    }
    for (int i = size - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      float s = t.data[i];
      t.data[i] = t.data[j];
      t.data[j] = s;
    }
    return t;
  }

  /** Uniform in ±[0.05, hi): away from the kink at 0 by more than EPS. */
  static Tensor awayFromZero(Random rnd, int n, int h, int w, int c, double hi) {
    Tensor t = Tensor.zeros(n, h, w, c);
    for (int i = 0; i < t.size(); i++) {
      double m = 0.05 + (hi - 0.05) * rnd.nextDouble();
      t.data[i] = (float) (rnd.nextBoolean() ? m : -m);
    }
    return t;
  }
}
