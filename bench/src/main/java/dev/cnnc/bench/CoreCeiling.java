package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The machine's own ceiling for thread scaling: each thread runs the GEMM micro-kernel (through
 * {@link Gemm#sgemmSerial}) on private operands small enough to stay in its core's L2
 * (96×256 · 256×128, 352 KiB), so nothing is shared between cores and almost nothing comes from
 * memory. Its speed-up on all threads over one is what the cores themselves give with this
 * instruction mix in the minutes measured (on a VM the clocks and the neighbours move); a
 * convolution cannot be expected to scale better in the same rounds.
 *
 * <p>It also times each thread of its all-thread calls: the host may slow one vCPU only while both
 * are busy (by 10–30 % at times, see docs/runtime.md, <i>Threads</i>), and then no split of a
 * convolution can reach the ceiling a fair pair of cores would give. {@link #endRound} turns a
 * round's timings into the slower thread's rate over the faster one's.
 */
final class CoreCeiling implements Parallel.RangeBody {
  private static final int M = 96;
  private static final int N = 128;
  private static final int K = 256;
  /** Products per call, divided among the threads (about 2 ms of work on one core). */
  private static final int PRODUCTS = 48;
  private static final int MAX_THREADS = 16;

  private final float[][] a = new float[MAX_THREADS][];
  private final float[][] b = new float[MAX_THREADS][];
  private final float[][] c = new float[MAX_THREADS][];
  /** Per chunk, in the current round's all-thread calls: nanoseconds busy and products done. */
  private final long[] busyNanos = new long[MAX_THREADS];
  private final long[] busyProducts = new long[MAX_THREADS];
  /** Per finished round: slowest thread's rate over the fastest's. */
  private final List<Double> evenness = new ArrayList<>();

  CoreCeiling() {
    SplittableRandom r = new SplittableRandom(5);
    for (int t = 0; t < MAX_THREADS; t++) {
      a[t] = new float[M * K];
      b[t] = new float[K * N];
      c[t] = new float[M * N];
      for (int i = 0; i < a[t].length; i++) {
        a[t][i] = (float) r.nextDouble();
      }
      for (int i = 0; i < b[t].length; i++) {
        b[t][i] = (float) r.nextDouble();
      }
    }
  }

  /** Useful FLOPs of one {@link #run()} call. */
  double flops() {
    return 2.0 * M * N * K * PRODUCTS;
  }

  /** One call: PRODUCTS small products, divided among the current threads (at most 16). */
  void run() {
    Parallel.forRange(Math.min(MAX_THREADS, Parallel.threads()), this);
  }

  @Override
  public void run(int chunk, int from, int to) {
    int threads = Math.min(MAX_THREADS, Parallel.threads());
    int mine = PRODUCTS * (chunk + 1) / threads - PRODUCTS * chunk / threads;
    long t0 = System.nanoTime();
    for (int p = 0; p < mine; p++) {
      Gemm.sgemmSerial(false, false, M, N, K, 1f, a[chunk], 0, K, b[chunk], 0, N, 0f, c[chunk], 0, N);
    }
    if (threads > 1) {
      busyNanos[chunk] += System.nanoTime() - t0;
      busyProducts[chunk] += mine;
    }
  }

  /** Closes a round: records how evenly its all-thread calls' threads ran, and starts afresh. */
  void endRound() {
    double slowest = Double.MAX_VALUE;
    double fastest = 0;
    for (int t = 0; t < MAX_THREADS; t++) {
      if (busyNanos[t] > 0) {
        double rate = busyProducts[t] / (double) busyNanos[t];
        slowest = Math.min(slowest, rate);
        fastest = Math.max(fastest, rate);
      }
    }
    if (fastest > 0) {
      evenness.add(slowest / fastest);
    }
    discardRound();
  }

  /** Forgets the timings taken since the last round (the warm-up's). */
  void discardRound() {
    Arrays.fill(busyNanos, 0);
    Arrays.fill(busyProducts, 0);
  }

  /** Median over the rounds of the slowest thread's rate over the fastest's (1 with one thread). */
  double medianEvenness() {
    double[] sorted = evenness.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length == 0 ? 1 : sorted[sorted.length / 2];
  }

  /**
   * The rounds' evenness, for the report: median and lowest of the slower thread's rate over the
   * faster one's while all were busy, and the value in every round.
   */
  String evenness() {
    if (evenness.isEmpty()) {
      return "one thread: no evenness to report";
    }
    StringBuilder each = new StringBuilder();
    for (double x : evenness) {
      each.append(each.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", x));
    }
    return String.format(Locale.ROOT,
        "slowest thread's rate over the fastest's while all are busy: median %.2f, lowest %.2f "
            + "(rounds: %s)", medianEvenness(), Collections.min(evenness), each);
  }
}
