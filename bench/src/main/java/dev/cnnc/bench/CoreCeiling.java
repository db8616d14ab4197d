package dev.cnnc.bench;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.SplittableRandom;

/**
 * The machine's own ceiling for thread scaling: each thread runs the GEMM micro-kernel (through
 * {@link Gemm#sgemmSerial}) on private operands small enough to stay in its core's L2
 * (96×256 · 256×128, 352 KiB), so nothing is shared between cores and almost nothing comes from
 * memory. Its speed-up on all threads over one is what the cores themselves give with this
 * instruction mix in the minutes measured (on a VM the clocks and the neighbours move); a
 * convolution cannot be expected to scale better in the same rounds.
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
    for (int p = 0; p < mine; p++) {
      Gemm.sgemmSerial(false, false, M, N, K, 1f, a[chunk], 0, K, b[chunk], 0, N, 0f, c[chunk], 0, N);
    }
  }
}
