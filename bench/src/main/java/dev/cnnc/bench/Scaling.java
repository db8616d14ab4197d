package dev.cnnc.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One thread against all threads with the samples interleaved (one, all, one, all …), so a
 * neighbour's load or a clock change on a shared machine lands on both sides of each pair. Two
 * speed-ups are reported: the median of the per-pair ratios, with its quartiles, and the best
 * all-thread sample over the best one-thread sample. A host that takes a core away for a second
 * or two can only slow a sample down, so the best of each side is its least disturbed estimate;
 * the median of the pairs still counts the disturbed pairs (see docs/runtime.md, <i>Threads</i>).
 */
final class Scaling {
  private Scaling() {}

  /**
   * Medians of both sides (GFLOP/s), the per-pair speed-up's median and quartiles, and the best
   * all-thread sample over the best one-thread sample.
   */
  record Result(double one, double all, double speedUp, double q1, double q3, double bestSpeedUp) {
    String describe() {
      return String.format(Locale.ROOT,
          "%6.1f → %6.1f GFLOP/s  speed-up %.2f (quartiles %.2f–%.2f), best to best %.2f", one, all,
          speedUp, q1, q3, bestSpeedUp);
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
    /** When each pair started, System.nanoTime(). */
    private final long[] at;
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
      at = new long[pairs];
    }

    void warmUp() {
      toOne.run();
      KernelRunner.sample(one, flops, 4 * ns);
      toAll.run();
      KernelRunner.sample(all, flops, 4 * ns);
    }

    /** Takes the next pair: one sample on one thread, then one on all. */
    void pair() {
      at[taken] = System.nanoTime();
      toOne.run();
      a[taken] = KernelRunner.sample(one, flops, ns);
      toAll.run();
      b[taken] = KernelRunner.sample(all, flops, ns);
      taken++;
    }

    /** Pair p's start (System.nanoTime()), one-thread and all-thread GFLOP/s. */
    long startOf(int p) {
      return at[p];
    }

    double oneOf(int p) {
      return a[p];
    }

    double allOf(int p) {
      return b[p];
    }

    int taken() {
      return taken;
    }

    Result result() {
      double[] ratio = new double[taken];
      for (int p = 0; p < taken; p++) {
        ratio[p] = b[p] / a[p];
      }
      double[] x = Arrays.copyOf(a, taken);
      double[] y = Arrays.copyOf(b, taken);
      return new Result(quantile(x, 0.5), quantile(y, 0.5), quantile(ratio, 0.5),
          quantile(ratio, 0.25), quantile(ratio, 0.75), quantile(y, 1) / quantile(x, 1));
    }
  }

  private static double quantile(double[] x, double q) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
