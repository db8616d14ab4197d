package dev.cnnc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parallel-for: every index exactly once, fixed chunks, nested and concurrent calls, errors. */
class ParallelTest {
  private int saved;

  @BeforeEach
  void save() {
    saved = Parallel.threads();
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(saved);
  }

  /** Runs forRange and records, per index, how often it ran and in which chunk. */
  private static int[] chunkOf(int n, int[] visits) {
    int[] chunk = new int[n];
    AtomicIntegerArray count = new AtomicIntegerArray(n);
    Parallel.forRange(n, (c, from, to) -> {
      for (int i = from; i < to; i++) {
        chunk[i] = c;
        count.incrementAndGet(i);
      }
    });
    for (int i = 0; i < n; i++) {
      visits[i] = count.get(i);
    }
    return chunk;
  }

  @Test
  void everyIndexRunsOnceInFixedContiguousChunks() {
    for (int threads : new int[] {1, 2, 3, 5}) {
      Parallel.setThreads(threads);
      for (int n : new int[] {0, 1, 2, 3, 7, 64, 1001}) {
        for (int rep = 0; rep < 200; rep++) { // many back-to-back jobs: the spinning hand-over
          int[] visits = new int[n];
          int[] chunk = chunkOf(n, visits);
          int k = Math.max(1, Math.min(threads, n));
          for (int i = 0; i < n; i++) {
            assertEquals(1, visits[i], "n=" + n + " threads=" + threads + " index " + i);
            assertEquals((int) (((long) (i + 1) * k - 1) / n), chunk[i], "chunk of index " + i);
          }
        }
      }
    }
  }

  @Test
  void aNestedCallRunsItsChunksOnTheCaller() {
    Parallel.setThreads(3);
    int[][] inner = new int[3][];
    Parallel.forRange(3, (c, from, to) -> {
      int[] visits = new int[10];
      chunkOf(10, visits);
      inner[c] = visits;
    });
    for (int[] visits : inner) {
      assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, visits);
    }
  }

  @Test
  void concurrentCallersEachGetEveryIndexOnce() throws Exception {
    Parallel.setThreads(2);
    int callers = 4;
    CyclicBarrier start = new CyclicBarrier(callers);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < callers; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
          for (int rep = 0; rep < 2000; rep++) {
            int[] visits = new int[37];
            chunkOf(37, visits);
            for (int v : visits) {
              assertEquals(1, v);
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertEquals(List.of(), errors);
  }

  @Test
  void aWorkersExceptionReachesTheCaller() {
    Parallel.setThreads(2);
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> Parallel.forRange(2, (c, from, to) -> {
          if (c == 1) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
    int[] visits = new int[5];
    chunkOf(5, visits); // the pool still works afterwards
    assertArrayEquals(new int[] {1, 1, 1, 1, 1}, visits);
  }

  @Test
  void aWorkerThatSleptWakesUp() throws InterruptedException {
    Parallel.setThreads(2);
    int[] visits = new int[4];
    chunkOf(4, visits);
    Thread.sleep(3 * WorkerPool.SPIN_NANOS / 1_000_000 + 20); // long past the spin: parked now
    chunkOf(4, visits);
    assertArrayEquals(new int[] {1, 1, 1, 1}, visits);
  }

  /** Names of the distinct threads that ran the chunks of one job of n items. */
  private static java.util.Set<String> threadsOfOneJob(int n) {
    java.util.Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Parallel.forRange(n, (c, from, to) -> names.add(Thread.currentThread().getName()));
    return names;
  }

  @Test
  void loweringTheThreadCountKeepsThePoolAndRaisingItGrowsIt() {
    Parallel.setThreads(3);
    java.util.Set<String> three = threadsOfOneJob(30);
    assertEquals(3, three.size(), three.toString());
    Parallel.setThreads(2); // fewer threads: the same workers, one of them idle
    java.util.Set<String> two = threadsOfOneJob(30);
    assertEquals(2, two.size(), two.toString());
    assertEquals(true, three.containsAll(two), two + " within " + three);
    Parallel.setThreads(1);
    assertEquals(java.util.Set.of(Thread.currentThread().getName()), threadsOfOneJob(30));
    Parallel.setThreads(3); // back up to the pool's size: still the same workers
    assertEquals(three, threadsOfOneJob(30));
    Parallel.setThreads(4); // past it: a larger pool
    assertEquals(4, threadsOfOneJob(40).size());
  }
}
