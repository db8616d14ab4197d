package dev.cnnc.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One thread against all threads with the samples interleaved (one, all, one, all …), so a
 * neighbour's load or a clock change on a shared machine lands on both sides of each pair. The
 * speed-up reported is the median of the per-pair ratios, with its quartiles.
 */
final class Scaling {
  private Scaling() {}

  /** Medians of both sides (GFLOP/s) and the per-pair speed-up's median and quartiles. */
  record Result(double one, double all, double speedUp, double q1, double q3) {
    String describe() {
      return String.format(Locale.ROOT, "%6.1f → %6.1f GFLOP/s  speed-up %.2f (quartiles %.2f–%.2f)",
          one, all, speedUp, q1, q3);
    }
  }

  /**
   * Times {@code body} after {@code toOne} and after {@code toAll} (which switch the thread count,
   * or do nothing when body itself differs per side), pairs times, each sample ≥ ns.
   */
  static Result measure(Runnable one, Runnable all, Runnable toOne, Runnable toAll, double flops,
      int pairs, long ns) {
    toOne.run();
    KernelRunner.sample(one, flops, 4 * ns); // warm-up
    toAll.run();
    KernelRunner.sample(all, flops, 4 * ns);
    double[] a = new double[pairs];
    double[] b = new double[pairs];
    double[] ratio = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      toOne.run();
      a[p] = KernelRunner.sample(one, flops, ns);
      toAll.run();
      b[p] = KernelRunner.sample(all, flops, ns);
      ratio[p] = b[p] / a[p];
    }
    return new Result(quantile(a, 0.5), quantile(b, 0.5), quantile(ratio, 0.5),
        quantile(ratio, 0.25), quantile(ratio, 0.75));
  }

  private static double quantile(double[] x, double q) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
