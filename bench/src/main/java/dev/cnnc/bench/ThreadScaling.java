package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.Locale;
import java.util.Map;

/**
 * Thread scaling, 1 thread against all, samples interleaved ({@link Scaling}): the square SGEMM
 * (one side on the calling thread alone through {@link Gemm#sgemmSerial}), and every convolution
 * of {@link ConvShapes}, forward and backward (the thread count switched between samples).
 */
final class ThreadScaling {
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

  static void conv(String prefix, int[] batches, int pairs, long sampleNs) {
    int threads = Parallel.threads();
    System.out.printf(Locale.ROOT,
        "## convolution scaling, 1 vs %d threads, %d interleaved pairs of >= %d ms%n", threads, pairs,
        sampleNs / 1_000_000);
    Runnable toOne = () -> Parallel.setThreads(1);
    Runnable toAll = () -> Parallel.setThreads(threads);
    for (Map.Entry<String, ConvConfig> e : ConvShapes.all().entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      for (int batch : batches) {
        ConvCase cc = new ConvCase(e.getValue(), batch);
        Scaling.Result fwd = Scaling.measure(cc::forward, cc::forward, toOne, toAll,
            cc.flops(false), pairs, sampleNs);
        Scaling.Result bwd = Scaling.measure(cc::backward, cc::backward, toOne, toAll,
            cc.flops(true), pairs, sampleNs);
        System.out.printf(Locale.ROOT, "%-14s b=%-3d fwd %s | bwd %s%n", e.getKey(), batch,
            fwd.describe(), bwd.describe());
      }
    }
    Parallel.setThreads(threads);
  }
}
