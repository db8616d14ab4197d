package dev.cnnc.runtime.data;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Batches filled by a background thread into two private buffers (double buffering): while the
 * trainer computes on batch b, batch b+1 is being prepared. Buffers cycle through a "free" and a
 * "ready" bounded queue, so the producer can never run more than two batches ahead. {@link #next}
 * copies a ready buffer into the caller's tensor (a memcpy, negligible next to a training step).
 */
final class PrefetchedBatches implements Batches {
  private static final int BUFFERS = 2;

  /** A filled batch, the end marker (n = 0) or a failure. */
  private static final class Slot {
    final float[] x;
    final int[] y;
    int n;
    Throwable failure;

    Slot(int floats, int labels) {
      x = new float[floats];
      y = new int[labels];
    }
  }

  private final BatchIterator.Filler filler;
  private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Slot> ready = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread thread;
  private int next;
  private boolean finished;
  private Throwable failed;

  PrefetchedBatches(BatchIterator.Filler filler, int first) {
    this.filler = filler;
    this.next = first;
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new Slot(filler.batchSize() * filler.sampleSize(), filler.batchSize()));
    }
    thread = new Thread(() -> produce(first), "cnnc-prefetch-epoch-" + filler.epoch);
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(int first) {
    try {
      for (int b = first; b < filler.batches; b++) {
        Slot s = free.take();
        try {
          s.n = filler.fill(b, s.x, 0, s.y);
        } catch (Throwable t) {
          s.n = 0;
          s.failure = t;
          ready.put(s);
          return;
        }
        ready.put(s);
      }
      Slot end = new Slot(0, 0);
      ready.put(end);
    } catch (InterruptedException e) {
      // close() asked us to stop.
    }
  }

  @Override
  public int next(Tensor images, int[] labels) {
    filler.checkTarget(images, labels);
    if (failed != null) {
      rethrow(failed);
    }
    if (finished) {
      return 0;
    }
    Slot s;
    try {
      s = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next batch", e);
    }
    if (s.failure != null) {
      failed = s.failure;
      finished = true;
      rethrow(failed);
    }
    if (s.n == 0) {
      finished = true;
      return 0;
    }
    int n = s.n;
    System.arraycopy(s.x, 0, images.data, images.offset, n * filler.sampleSize());
    System.arraycopy(s.y, 0, labels, 0, n);
    next++;
    free.add(s);
    return n;
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("prefetching thread failed", t);
  }

  boolean threadAlive() {
    return thread.isAlive();
  }

  @Override
  public int nextBatchIndex() {
    return next;
  }

  @Override
  public void close() {
    finished = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
