package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.parallel.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** The square sizes {@code scaling} times when no shapes are given. */
  static final int[][] SQUARES = {{256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024},
      {2048, 2048, 2048}};

  /**
   * SGEMM C = A·B for each {m, n, k}: one side on the calling thread alone through {@link
   * Gemm#sgemmSerial}, the other on all threads.
   */
  static void gemm(int[][] shapes, int pairs, long sampleNs) {
    int threads = Parallel.threads();
    System.out.printf(Locale.ROOT, "## sgemm scaling, 1 vs %d threads, %d interleaved pairs of >= %d ms%n",
        threads, pairs, sampleNs / 1_000_000);
    Runnable none = () -> { };
    for (int[] s : shapes) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[][] abc = KernelRunner.operands(m, n, k);
      float[] a = abc[0];
      float[] b = abc[1];
      float[] c = abc[2];
      Runnable serial = () -> Gemm.sgemmSerial(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      Runnable parallel = () -> Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      Scaling.Result res = Scaling.measure(serial, parallel, none, none, 2.0 * m * n * k, pairs,
          sampleNs);
      String name = m == n && n == k ? "n=" + n : m + "x" + n + "x" + k;
      System.out.printf(Locale.ROOT, "%-16s %s%n", name, res.describe());
    }
  }

  /**
   * The forward pass of every convolution of {@link ConvShapes} at this batch as a plain GEMM
   * {m = batch·OH·OW, n = filters, k = KH·KW·C}, without the patch gathering: shapes to hold our
   * GEMM's thread scaling against another library's on the same machine
   * ({@code bench/machine/openblas-scaling.sh}).
   */
  static int[][] convShapes(int batch) {
    List<int[]> out = new ArrayList<>();
    for (ConvConfig cf : ConvShapes.all().values()) {
      int[] s = {batch * cf.outH() * cf.outW(), cf.outC(), cf.patchSize()};
      if (out.stream().noneMatch(t -> Arrays.equals(t, s))) {
        out.add(s);
      }
    }
    return out.toArray(new int[0][]);
  }

  /**
   * Every convolution × batch × pass, measured in rounds: each round takes one interleaved pair
   * from every case in turn, so a minute in which the machine is slow costs every case one pair
   * out of {@code rounds} instead of costing the few cases that happen to run then all of theirs.
   * The rounds also sample {@link CoreCeiling}, what the cores themselves give in those minutes.
   */
  static void conv(String prefix, int[] batches, int rounds, long sampleNs, Path pairsLog)
      throws IOException {
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
    core.discardRound();
    for (Case c : cases) {
      c.series.warmUp();
    }
    for (int r = 0; r < rounds; r++) {
      ceiling.pair();
      core.endRound();
      for (Case c : cases) {
        c.series.pair();
      }
    }
    Scaling.Result top = ceiling.result();
    System.out.printf(Locale.ROOT, "%-24s %s%n", "core ceiling (L2 sgemm)", top.describe());
    System.out.printf(Locale.ROOT, "%-24s %s%n", "", core.evenness());
    if (pairsLog != null) {
      writePairs(pairsLog, ceiling, cases);
    }
    int met = 0;
    int metBest = 0;
    for (Case c : cases) {
      Scaling.Result res = c.series.result();
      boolean meets = res.speedUp() >= BAR;
      boolean bestMeets = res.bestSpeedUp() >= BAR;
      met += meets ? 1 : 0;
      metBest += bestMeets ? 1 : 0;
      // A median of 1.7996 prints as 1.80: say which side of the bar it fell on.
      System.out.printf(Locale.ROOT, "%s %s%s%s%n", c.name, res.describe(),
          meets ? "" : String.format(Locale.ROOT, "  median below %.1f", BAR),
          bestMeets ? "" : String.format(Locale.ROOT, "  best below %.1f", BAR));
    }
    System.out.printf(Locale.ROOT,
        "# %d of %d cases at >= %.1fx by the median of the per-pair ratios, %d by best to best; core"
            + " ceiling in the same rounds %.2fx (best to best %.2fx), threads' evenness %.2f%n", met,
        cases.size(), BAR, metBest, top.speedUp(), top.bestSpeedUp(), core.medianEvenness());
    Parallel.setThreads(threads);
  }

  /**
   * Every pair of the run, in the order taken, as tab-separated lines (seconds from the first
   * pair, case, 1-thread and all-thread GFLOP/s, their ratio): to see whether slow pairs cluster
   * in time. Written to a temporary file and renamed into place.
   */
  private static void writePairs(Path file, Scaling.Series ceiling, List<Case> cases)
      throws IOException {
    List<Case> all = new ArrayList<>();
    all.add(new Case("core ceiling", ceiling));
    all.addAll(cases);
    long t0 = ceiling.startOf(0);
    List<long[]> order = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      for (int p = 0; p < all.get(i).series.taken(); p++) {
        order.add(new long[] {all.get(i).series.startOf(p), i, p});
      }
    }
    order.sort((x, y) -> Long.compare(x[0], y[0]));
    StringBuilder out = new StringBuilder("# seconds\tcase\tone\tall\tspeed-up\n");
    for (long[] o : order) {
      Scaling.Series s = all.get((int) o[1]).series;
      int p = (int) o[2];
      out.append(String.format(Locale.ROOT, "%.3f\t%s\t%.1f\t%.1f\t%.3f%n", (o[0] - t0) / 1e9,
          all.get((int) o[1]).name.replaceAll(" +", " "), s.oneOf(p), s.allOf(p),
          s.allOf(p) / s.oneOf(p)));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, out);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** One convolution × batch × pass and its pairs. */
  private record Case(String name, Scaling.Series series) {}
}
