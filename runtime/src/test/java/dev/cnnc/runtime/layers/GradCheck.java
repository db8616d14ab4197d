package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Shared helpers for the layer tests: random data, double copies and tolerance-checked compares. */
final class GradCheck {
  static final double U = Math.ulp(1f) / 2;

  private GradCheck() {}

  static float[] random(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  static double[] toDouble(float[] x, int off, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = x[off + i];
    }
    return d;
  }

  static double[] abs(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return y;
  }

  /**
   * |got[off + i] − base − want[i]| ≤ 2·(k + 4)·u·bound[i] + 4u·|got| for all i: the float rounding
   * bound of a k-term sum whose absolute terms add up to bound[i].
   */
  static void assertClose(String what, float[] got, int off, double base, double[] want,
      double[] bound, int k) {
    for (int i = 0; i < want.length; i++) {
      double g = got[off + i];
      double tol = 2 * (k + 4) * U * bound[i] + 4 * U * Math.abs(g) + 1e-30;
      if (!(Math.abs(g - base - want[i]) <= tol)) {
        fail(what + "[" + i + "]: got " + (g - base) + " want " + want[i] + " tol " + tol);
      }
    }
  }

  /**
   * Central differences in double of L(v) = Σ f(v)·R at every coordinate of v (restored after),
   * compared with the analytic float gradient: |analytic − fd| ≤ 1e-4·(1 + |fd|). The loss is
   * piecewise linear in each coordinate, so with eps = 1e-6 the difference is exact up to rounding
   * unless a ReLU kink lies within eps (vanishingly rare with random data).
   */
  static void checkGradient(String what, double[] v, float[] analytic, int aOff, double base,
      ToDoubleFunction<double[]> loss) {
    double eps = 1e-6;
    for (int i = 0; i < v.length; i++) {
      double keep = v[i];
      v[i] = keep + eps;
      double up = loss.applyAsDouble(v);
      v[i] = keep - eps;
      double down = loss.applyAsDouble(v);
      v[i] = keep;
      double fd = (up - down) / (2 * eps);
      double a = analytic[aOff + i] - base;
      if (!(Math.abs(a - fd) <= 1e-4 * (1 + Math.abs(fd)))) {
        fail(what + "[" + i + "]: analytic " + a + " vs finite difference " + fd);
      }
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
