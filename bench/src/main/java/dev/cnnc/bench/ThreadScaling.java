package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Thread scaling, 1 thread against all, samples interleaved ({@link Scaling}): the square SGEMM
 * (one side on the calling thread alone through {@link Gemm#sgemmSerial}), and every convolution
 * of {@link ConvShapes}, forward and backward (the thread count switched between samples).
 */
final class ThreadScaling {
  /** What every speed-up is held against. */
  static final double BAR = 1.8;

  private ThreadScaling() {}

  static void gemm(int pairs, long sampleNs) {
    int threads = Parallel.threads();
    System.out.printf(Locale.ROOT, "## sgemm scaling, 1 vs %d threads, %d interleaved pairs of >= %d ms%n",
        threads, pairs, sampleNs / 1_000_000);
    Runnable none = () -> { };
    for (int n : new int[] {256, 512, 1024, 2048}) {
      float[][] abc = KernelRunner.squareOperands(n);
      float[] a = abc[0];
      float[] b = abc[1];
      float[] c = abc[2];
      Runnable serial = () -> Gemm.sgemmSerial(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      Runnable parallel = () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      Scaling.Result r = Scaling.measure(serial, parallel, none, none, 2.0 * n * n * n, pairs,
          sampleNs);
      System.out.printf(Locale.ROOT, "n=%-5d %s%n", n, r.describe());
    }
  }

  /**
   * Every convolution × batch × pass, measured in rounds: each round takes one interleaved pair
   * from every case in turn, so a minute in which the machine is slow costs every case one pair
   * out of {@code rounds} instead of costing the few cases that happen to run then all of theirs.
   * The rounds also sample {@link CoreCeiling}, what the cores themselves give in those minutes.
   */
  static void conv(String prefix, int[] batches, int rounds, long sampleNs) {
    int threads = Parallel.threads();
    System.out.printf(Locale.ROOT,
        "## convolution scaling, 1 vs %d threads, %d rounds of one interleaved pair per case, "
            + "samples >= %d ms%n", threads, rounds, sampleNs / 1_000_000);
    Runnable toOne = () -> Parallel.setThreads(1);
    Runnable toAll = () -> Parallel.setThreads(threads);
    // The machine's ceiling, sampled in the same rounds as the convolutions.
    CoreCeiling core = new CoreCeiling();
    Scaling.Series ceiling =
        new Scaling.Series(core::run, core::run, toOne, toAll, core.flops(), rounds, sampleNs);
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, ConvConfig> e : ConvShapes.all().entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      for (int batch : batches) {
        ConvCase cc = new ConvCase(e.getValue(), batch);
        for (boolean bwd : new boolean[] {false, true}) {
          Runnable body = bwd ? cc::backward : cc::forward;
          cases.add(new Case(String.format(Locale.ROOT, "%-14s b=%-3d %s", e.getKey(), batch,
              bwd ? "bwd" : "fwd"),
              new Scaling.Series(body, body, toOne, toAll, cc.flops(bwd), rounds, sampleNs)));
        }
      }
    }
    ceiling.warmUp();
    for (Case c : cases) {
      c.series.warmUp();
    }
    for (int r = 0; r < rounds; r++) {
      ceiling.pair();
      for (Case c : cases) {
        c.series.pair();
      }
    }
    Scaling.Result top = ceiling.result();
    System.out.printf(Locale.ROOT, "%-24s %s%n", "core ceiling (L2 sgemm)", top.describe());
    int met = 0;
    for (Case c : cases) {
      Scaling.Result res = c.series.result();
      met += res.speedUp() >= BAR ? 1 : 0;
      System.out.printf(Locale.ROOT, "%s %s%n", c.name, res.describe());
    }
    System.out.printf(Locale.ROOT,
        "# %d of %d cases at >= %.1fx (median of the per-pair ratios); core ceiling in the same rounds %.2fx%n",
        met, cases.size(), BAR, top.speedUp());
    Parallel.setThreads(threads);
  }

  /** One convolution × batch × pass and its pairs. */
  private record Case(String name, Scaling.Series series) {}
}
