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
   * Times {@code one} after {@code toOne} and {@code all} after {@code toAll} (which switch the
   * thread count, or do nothing when the bodies themselves differ), pairs times in a row, each
   * sample ≥ ns.
   */
  static Result measure(Runnable one, Runnable all, Runnable toOne, Runnable toAll, double flops,
      int pairs, long ns) {
    Series s = new Series(one, all, toOne, toAll, flops, pairs, ns);
    s.warmUp();
    for (int p = 0; p < pairs; p++) {
      s.pair();
    }
    return s.result();
  }

  /** The pairs of one case, which a caller may take one at a time between other cases' pairs. */
  static final class Series {
    private final Runnable one;
    private final Runnable all;
    private final Runnable toOne;
    private final Runnable toAll;
    private final double flops;
    private final long ns;
    private final double[] a;
    private final double[] b;
    private int taken;

    Series(Runnable one, Runnable all, Runnable toOne, Runnable toAll, double flops, int pairs,
        long ns) {
      this.one = one;
      this.all = all;
      this.toOne = toOne;
      this.toAll = toAll;
      this.flops = flops;
      this.ns = ns;
      a = new double[pairs];
      b = new double[pairs];
    }

    void warmUp() {
      toOne.run();
      KernelRunner.sample(one, flops, 4 * ns);
      toAll.run();
      KernelRunner.sample(all, flops, 4 * ns);
    }

    /** Takes the next pair: one sample on one thread, then one on all. */
    void pair() {
      toOne.run();
      a[taken] = KernelRunner.sample(one, flops, ns);
      toAll.run();
      b[taken] = KernelRunner.sample(all, flops, ns);
      taken++;
    }

    Result result() {
      double[] ratio = new double[taken];
      for (int p = 0; p < taken; p++) {
        ratio[p] = b[p] / a[p];
      }
      double[] x = Arrays.copyOf(a, taken);
      double[] y = Arrays.copyOf(b, taken);
      return new Result(quantile(x, 0.5), quantile(y, 0.5), quantile(ratio, 0.5),
          quantile(ratio, 0.25), quantile(ratio, 0.75));
    }
  }

  private static double quantile(double[] x, double q) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
