package dev.cnnc.runtime.parallel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime's one parallel-for. Work [0, n) is cut into {@code threads()} contiguous chunks whose
 * boundaries depend only on n and the thread count, so a kernel that reduces within a chunk and then
 * combines chunks in index order gives the same floats on every run with the same thread count.
 *
 * <p>The thread count defaults to the number of available processors and is set once by the user
 * ({@code --threads}, or the system property {@code cnnc.threads}).
 */
public final class Parallel {
  /** Body of a parallel loop over [from, to), called once per chunk with the chunk's index. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int chunk, int from, int to);
  }

  private static volatile int threads = Integer.getInteger("cnnc.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile ExecutorService pool;

  private Parallel() {}

  public static int threads() {
    return threads;
  }

  /** Sets the worker count (≥ 1). Call before running kernels; later calls replace the pool. */
  public static synchronized void setThreads(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("thread count must be at least 1, got " + count);
    }
    if (count != threads && pool != null) {
      pool.shutdown();
      pool = null;
    }
    threads = count;
  }

  private static synchronized ExecutorService pool() {
    if (pool == null) {
      pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
        Thread t = new Thread(r, "cnnc-worker");
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
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
    CountDownLatch done = new CountDownLatch(k - 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService exec = pool();
    for (int i = 1; i < k; i++) {
      final int chunk = i;
      exec.execute(() -> {
        try {
          body.run(chunk, start(n, k, chunk), start(n, k, chunk + 1));
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      });
    }
    try {
      body.run(0, 0, start(n, k, 1));
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for workers", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private static int start(int n, int k, int chunk) {
    return (int) ((long) n * chunk / k);
  }
}
