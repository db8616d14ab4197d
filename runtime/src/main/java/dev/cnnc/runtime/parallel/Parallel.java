package dev.cnnc.runtime.parallel;

/**
 * The runtime's one parallel-for. Work [0, n) is cut into {@code threads()} contiguous chunks whose
 * boundaries depend only on n and the thread count, so a kernel that reduces within a chunk and then
 * combines chunks in index order gives the same floats on every run with the same thread count.
 *
 * <p>The thread count defaults to the number of available processors and is set once by the user
 * ({@code --threads}, or the system property {@code cnnc.threads}).
 *
 * <p>Workers are long-lived and spin briefly before sleeping (see {@link WorkerPool}), because a
 * network's forward pass is a chain of parallel loops of 20 µs–10 ms each and waking a parked thread
 * costs 5–50 µs on a virtual machine. A call made while the pool is busy — from inside a loop body,
 * or from a second thread — runs its chunks one after another on the calling thread: same chunks,
 * same floats, no deadlock.
 */
public final class Parallel {
  /** Body of a parallel loop over [from, to), called once per chunk with the chunk's index. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int chunk, int from, int to);
  }

  private static volatile int threads = Integer.getInteger("cnnc.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile WorkerPool pool;

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  /**
   * Sets the thread count (≥ 1). Lowering it keeps the pool (the spare workers stay parked), so
   * switching back and forth — as a scaling benchmark does between samples — does not start new
   * threads with cold pack buffers; raising it past the pool's size replaces the pool.
   */
  public static synchronized void setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + count);
    }
    if (pool != null && count - 1 > pool.size()) {
      pool.shutdown();
      pool = null;
    }
    threads = count;
  }

  private static WorkerPool pool() {
    WorkerPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          p = new WorkerPool(threads - 1);
          pool = p;
        }
      }
    }
    return p;
  }

  /** Number of chunks {@link #forRange} will use for n items. */
  public static int chunks(int n) {
    return Math.max(1, Math.min(threads, n));
  }

  /** Runs body over [0, n) in {@link #chunks(int)} contiguous chunks; the caller runs chunk 0. */
  public static void forRange(int n, RangeBody body) {
    int k = chunks(n);
    if (k == 1) {
      if (n > 0) {
        body.run(0, 0, n);
      }
      return;
    }
    WorkerPool p = pool();
    if (!p.run(n, k, body)) {
      for (int chunk = 0; chunk < k; chunk++) {
        body.run(chunk, start(n, k, chunk), start(n, k, chunk + 1));
      }
    }
  }

  static int start(int n, int k, int chunk) {
    return (int) ((long) n * chunk / k);
  }
}
