package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.parallel.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A quick GFLOP/s table without JMH: each case is warmed up, then timed over {@code
 * cnnc.bench.samples} (default 7) samples of at least {@code cnnc.bench.sampleMs} (default 120) ms,
 * and the median and best are printed (best is the honest figure on a shared, noisy machine only
 * when stated as such).
 * Arguments select sections: {@code gemm}, {@code conv} (default both), {@code scaling} (GEMM on
 * one thread vs all threads, samples interleaved so that drift on a shared machine hits both),
 * {@code convscaling} (the same for every convolution, forward and backward, in {@code rounds=N}
 * rounds of one pair per case, default 15; {@code pairs=FILE} also writes every pair, in time order);
 * {@code threads=1,2}, {@code batch=8,64}, {@code layers=r18.} (name prefix filter);
 * {@code shapes=MxNxK,…} or {@code shapes=conv} (every convolution's forward as a plain GEMM at the
 * first batch given) for {@code scaling} instead of the squares; {@code listshapes} prints the
 * latter, one {@code MxNxK} per line, and nothing else.
 */
public final class KernelRunner {
  private static final long SAMPLE_NS = Long.getLong("cnnc.bench.sampleMs", 120) * 1_000_000L;
  private static final int SAMPLES = Integer.getInteger("cnnc.bench.samples", 7);
  /** Rounds of {@code convscaling}: fewer move too much on a shared host (bench/README.md). */
  private static final int CONV_SCALING_ROUNDS = 15;

  private KernelRunner() {}

  public static void main(String[] args) throws IOException {
    List<String> argList = Arrays.asList(args);
    if (argList.contains("listshapes")) {
      for (int[] s : ThreadScaling.convShapes(intList(args, "batch=", new int[] {8})[0])) {
        System.out.println(s[0] + "x" + s[1] + "x" + s[2]);
      }
      return;
    }
    boolean pick = argList.contains("gemm") || argList.contains("conv") || argList.contains("scaling")
        || argList.contains("convscaling");
    boolean gemm = !pick || argList.contains("gemm");
    boolean conv = !pick || argList.contains("conv");
    int[] threads = intList(args, "threads=", new int[] {1, 2});
    int[] batches = intList(args, "batch=", new int[] {8, 64});
    String prefix = arg(args, "layers=", "");
    System.out.printf(Locale.ROOT, "# java %s (%s), %s, cpus %d%n", System.getProperty("java.version"),
        System.getProperty("java.home"), Gemm.describe(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "# %d samples of >= %d ms each; GFLOP/s median (best)%n", SAMPLES,
        SAMPLE_NS / 1_000_000);
    if (gemm) {
      System.out.println("## sgemm C = A·B, square, row-major");
      for (int n : new int[] {256, 512, 1024, 2048}) {
        float[][] abc = operands(n, n, n);
        float[] a = abc[0];
        float[] b = abc[1];
        float[] c = abc[2];
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "n=%-5d", n));
        for (int t : threads) {
          Parallel.setThreads(t);
          double[] g = time(() -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n),
              2.0 * n * n * n);
          line.append(String.format(Locale.ROOT, "  t=%d %7.1f (%6.1f)", t, g[0], g[1]));
        }
        System.out.println(line);
      }
    }
    if (argList.contains("scaling")) {
      ThreadScaling.gemm(shapes(args), SAMPLES * 3, SAMPLE_NS);
    }
    if (argList.contains("convscaling")) {
      String log = arg(args, "pairs=", null);
      ThreadScaling.conv(prefix, batches, intList(args, "rounds=", new int[] {CONV_SCALING_ROUNDS})[0],
          SAMPLE_NS, log == null ? null : Path.of(log));
    }
    if (conv) {
      System.out.println("## convolutions (useful FLOPs; backward = dW + dX, dX skipped on first layers)");
      for (Map.Entry<String, ConvConfig> e : ConvShapes.all().entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          continue;
        }
        for (int batch : batches) {
          ConvCase cc = new ConvCase(e.getValue(), batch);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s b=%-3d", e.getKey(),
              batch));
          for (String pass : new String[] {"fwd", "bwd"}) {
            boolean bwd = pass.equals("bwd");
            for (int t : threads) {
              Parallel.setThreads(t);
              double[] g = time(bwd ? cc::backward : cc::forward, cc.flops(bwd));
              line.append(String.format(Locale.ROOT, "  %s t=%d %6.1f (%6.1f)", pass, t, g[0], g[1]));
            }
          }
          System.out.println(line);
        }
      }
    }
  }

  /** A (m×k) and B (k×n), uniform in [0, 1) and seeded by the shape, and a zero C (m×n). */
  static float[][] operands(int m, int n, int k) {
    SplittableRandom r = new SplittableRandom(((long) m * 31 + n) * 31 + k);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextDouble();
    }
    return new float[][] {a, b, new float[m * n]};
  }

  /** The GEMM shapes {m, n, k} the scaling section times: squares unless {@code shapes=} says. */
  private static int[][] shapes(String[] args) {
    String shapes = arg(args, "shapes=", null);
    if (shapes == null) {
      return ThreadScaling.SQUARES;
    }
    if (shapes.equals("conv")) {
      return ThreadScaling.convShapes(intList(args, "batch=", new int[] {8})[0]);
    }
    return Arrays.stream(shapes.split(",")).map(KernelRunner::shape).toArray(int[][]::new);
  }

  private static int[] shape(String mxnxk) {
    String[] p = mxnxk.split("x");
    if (p.length != 3) {
      throw new IllegalArgumentException("shape must be MxNxK, got '" + mxnxk + "'");
    }
    return Arrays.stream(p).mapToInt(Integer::parseInt).toArray();
  }

  private static int[] intList(String[] args, String key, int[] dflt) {
    String list = arg(args, key, null);
    return list == null ? dflt
        : Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** The value of the first {@code key=value} argument (key given with its '='), or dflt. */
  private static String arg(String[] args, String key, String dflt) {
    for (String a : args) {
      if (a.startsWith(key)) {
        return a.substring(key.length());
      }
    }
    return dflt;
  }

  /** {median, best} GFLOP/s of body, which does {@code flops} per call. */
  private static double[] time(Runnable body, double flops) {
    long warmEnd = System.nanoTime() + 2 * SAMPLE_NS;
    int calls = 0;
    do {
      body.run();
      calls++;
    } while (System.nanoTime() < warmEnd || calls < 3);
    List<Double> rates = new ArrayList<>();
    for (int s = 0; s < SAMPLES; s++) {
      rates.add(sample(body, flops, SAMPLE_NS));
    }
    rates.sort(null);
    return new double[] {rates.get(rates.size() / 2), rates.get(rates.size() - 1)};
  }

  /** GFLOP/s of body ({@code flops} per call) over whole calls filling at least ns nanoseconds. */
  static double sample(Runnable body, double flops, long ns) {
    long t0 = System.nanoTime();
    long t;
    int k = 0;
    do {
      body.run();
      k++;
      t = System.nanoTime();
    } while (t - t0 < ns);
    return flops * k / (t - t0);
  }
}
