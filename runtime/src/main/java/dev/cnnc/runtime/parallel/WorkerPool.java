package dev.cnnc.runtime.parallel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Fixed worker threads that take one job at a time: the caller publishes (n, chunks, body), hands a
 * ticket to each worker it needs, runs chunk 0 itself and waits for those workers. A worker spins for
 * {@link #SPIN_NANOS} after its last chunk before it parks, so back-to-back loops (a network's
 * layers) hand over in well under a microsecond; an idle pool sleeps and costs nothing.
 *
 * <p>One job at a time: {@link #run} returns false when the pool is already busy (a nested or a
 * concurrent call), and the caller then runs the chunks itself. The per-worker tickets and the
 * pending count are the only synchronisation; the pool allocates nothing per job.
 */
final class WorkerPool {
  /** How long an idle worker keeps polling before it parks: longer than a layer's serial gap. */
  static final long SPIN_NANOS = 200_000;

  private final Thread[] workers;
  /** Worker w runs a job when its ticket changes; only workers the job needs get one. */
  private final AtomicLongArray tickets;
  private final AtomicIntegerArray sleeping;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean stopped;
  private volatile Throwable failure;
  private long jobs; // caller side only, under busy

  // The current job; written before the ticket writes that publish it.
  private int n;
  private int k;
  private Parallel.RangeBody body;

  WorkerPool(int size) {
    workers = new Thread[size];
    tickets = new AtomicLongArray(size);
    sleeping = new AtomicIntegerArray(size);
    for (int i = 0; i < size; i++) {
      final int index = i;
      Thread t = new Thread(() -> loop(index), "cnnc-worker-" + (i + 1));
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  /** Runs the k chunks of [0, n) on the caller and k − 1 workers; false if the pool is busy. */
  boolean run(int n, int k, Parallel.RangeBody body) {
    if (k - 1 > workers.length || !busy.compareAndSet(false, true)) {
      return false;
    }
    try {
      this.n = n;
      this.k = k;
      this.body = body;
      failure = null;
      pending.set(k - 1);
      jobs++;
      for (int w = 0; w < k - 1; w++) {
        tickets.set(w, jobs); // publishes the fields above to worker w
        if (sleeping.get(w) != 0) {
          LockSupport.unpark(workers[w]);
        }
      }
      Throwable mine = null;
      try {
        body.run(0, 0, Parallel.start(n, k, 1));
      } catch (Throwable t) {
        mine = t;
      }
      awaitWorkers();
      this.body = null;
      Throwable t = mine != null ? mine : failure;
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
      return true;
    } finally {
      busy.set(false);
    }
  }

  private void awaitWorkers() {
    long spins = 0;
    while (pending.get() != 0) {
      if (++spins < 1 << 20) {
        Thread.onSpinWait();
      } else {
        Thread.yield(); // a worker was descheduled: give it the core
      }
    }
  }

  private void loop(int index) {
    long seen = 0;
    while (true) {
      seen = awaitTicket(index, seen);
      if (stopped) {
        return;
      }
      int chunk = index + 1;
      int kk = k;
      int nn = n;
      try {
        body.run(chunk, Parallel.start(nn, kk, chunk), Parallel.start(nn, kk, chunk + 1));
      } catch (Throwable t) {
        failure = t;
      }
      pending.decrementAndGet();
    }
  }

  /** Waits until worker index's ticket moves past seen: spins first, then parks. */
  private long awaitTicket(int index, long seen) {
    long deadline = System.nanoTime() + SPIN_NANOS;
    int polls = 0;
    while (true) {
      long t = tickets.get(index);
      if (t != seen || stopped) {
        return t;
      }
      if ((++polls & 63) != 0 || System.nanoTime() < deadline) {
        Thread.onSpinWait();
        continue;
      }
      // Announce the sleep, then look again: the caller writes the ticket first and checks the
      // flag second, so one of the two sees the other.
      sleeping.set(index, 1);
      while (tickets.get(index) == seen && !stopped) {
        LockSupport.park(this);
      }
      sleeping.set(index, 0);
      deadline = System.nanoTime() + SPIN_NANOS;
    }
  }

  /** Number of worker threads (the caller is not counted). */
  int size() {
    return workers.length;
  }

  void shutdown() {
    stopped = true;
    for (Thread t : workers) {
      LockSupport.unpark(t);
    }
  }
}
