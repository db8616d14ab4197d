package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.Arrays;
import java.util.Locale;

/**
 * Thread scaling of the square SGEMM: one sample on the calling thread alone
 * ({@link Gemm#sgemmSerial}), then one on all {@link Parallel#threads()}, alternating, so a
 * neighbour's load or a clock change lands on both sides of each pair. Prints the medians and the
 * median of the per-pair speed-ups.
 */
final class GemmScaling {
  private GemmScaling() {}

  static void run(int pairs, long sampleNs) {
    int threads = Parallel.threads();
    System.out.printf(Locale.ROOT, "## sgemm scaling, 1 vs %d threads, %d interleaved pairs of >= %d ms%n",
        threads, pairs, sampleNs / 1_000_000);
    for (int n : new int[] {256, 512, 1024, 2048}) {
      float[][] abc = KernelRunner.squareOperands(n);
      float[] a = abc[0];
      float[] b = abc[1];
      float[] c = abc[2];
      Runnable serial = () -> Gemm.sgemmSerial(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      Runnable parallel = () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
      double flops = 2.0 * n * n * n;
      KernelRunner.sample(serial, flops, 4 * sampleNs); // warm-up
      KernelRunner.sample(parallel, flops, 4 * sampleNs);
      double[] one = new double[pairs];
      double[] all = new double[pairs];
      double[] ratio = new double[pairs];
      for (int p = 0; p < pairs; p++) {
        one[p] = KernelRunner.sample(serial, flops, sampleNs);
        all[p] = KernelRunner.sample(parallel, flops, sampleNs);
        ratio[p] = all[p] / one[p];
      }
      System.out.printf(Locale.ROOT, "n=%-5d t=1 %6.1f  t=%d %6.1f GFLOP/s  speed-up median %.2f (quartiles %.2f–%.2f)%n",
          n, median(one), threads, median(all), median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
    }
  }

  private static double median(double[] x) {
    return quantile(x, 0.5);
  }

  private static double quantile(double[] x, double q) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
