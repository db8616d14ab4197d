package dev.cnnc.runtime.gemm;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;

/**
 * A GEMM with a long K and a small C — a convolution's weight gradient, whose K is every output
 * pixel of the batch — is split along K instead of C. K is cut into chunks whose length depends only
 * on the shape; each chunk's product goes to its own partial C, and the partials are then added in
 * chunk order. Results are therefore the same on every thread count, and a chunk packs only its own
 * slice of both operands, which stays in L2. Splitting C instead would leave each thread a few
 * tiles and make it pack (or stream from memory) all of the long operand.
 *
 * <p>One instance per calling thread; the partial buffer grows to the largest call and is reused.
 */
final class KSplit implements Parallel.RangeBody {
  /** Fewest K per chunk: two KC blocks, so packing a chunk is amortised over all of C's tiles. */
  static final int MIN_CHUNK = 2 * Driver.KC;
  /** Chunks never outnumber this; bounds the partials at MAX_CHUNKS·m·n floats (8 MiB). */
  static final int MAX_CHUNKS = 64;
  /** C of at most this many floats (128 KiB) is small: a 256×128 1×1 weight gradient. */
  static final int MAX_C_FLOATS = 1 << 15;
  /** K from which to split: at least eight chunks, enough to balance any small thread count. */
  static final int MIN_K = 8 * MIN_CHUNK;
  /**
   * Below this many additions (about 1 µs) the reduction stays on the caller's thread. The workers
   * spin between loops, so handing over costs less than a microsecond. Fashion CNN conv1's weight
   * gradient at batch 8 adds 8 partials of 49×64 (25 K additions, 4.5 µs alone): over rows on 2
   * threads, with equal chunks ({@link #CHUNK_ALIGN}), that product ran 1.032–1.049× as fast as
   * with whole-block chunks and the reduction on the caller (same JVM and threads, 16–30
   * interleaved pairs), against 1.019× for equal chunks alone.
   */
  static final long PARALLEL_MIN_ADDS = 1 << 12;

  private static final ThreadLocal<KSplit> LOCAL = ThreadLocal.withInitial(KSplit::new);

  /** Whether (m, n, k) is computed by K chunks; depends on the shape only, never on threads. */
  static boolean applies(int m, int n, int k) {
    return k >= MIN_K && (long) m * n <= MAX_C_FLOATS;
  }

  /**
   * C of at most this many floats (512 KiB) still splits K when the product is a weight gradient
   * ({@link #appliesToGradient}), in at most {@link #WIDE_CHUNKS} chunks.
   */
  static final int MAX_WIDE_C_FLOATS = 1 << 17;

  /**
   * Chunks of a C past {@link #MAX_C_FLOATS}: each chunk's partial is as large as C, and one thread
   * runs all of them, so few — yet enough for two threads to even out a lost time slice.
   */
  static final int WIDE_CHUNKS = 8;

  /**
   * Whether a weight gradient (a product added transposed) is computed by K chunks: as
   * {@link #applies}, or with a C up to {@link #MAX_WIDE_C_FLOATS}. Such a C split by columns has
   * every thread pack all of the long operand (dZᵀ) for itself. ResNet-18's 3×3 stride-2 128 and
   * 3×3 64 weight gradients at batch 8 (C 128×576 and 64×576, K 6,272 and 25,088), same JVM, 7
   * rounds, both orders, time by columns / by K: 2 threads 1.14–1.20 and 1.07–1.14, 1 thread
   * 0.96–0.97 for both (the partials and the separate transposed add). Fashion CNN conv2 at batch
   * 64: 1.13–1.16 on 2 threads, 0.98–1.02 on 1. A C of 147 K floats (ResNet-18's 3×3 128, Fashion
   * CNN conv3 at batch 64) gains nothing: 0.96–1.08 on 2 threads.
   */
  static boolean appliesToGradient(int m, int n, int k) {
    return k >= MIN_K && (long) m * n <= MAX_WIDE_C_FLOATS;
  }

  /**
   * Chunk counts are a multiple of this, so that 2, 4 or 8 threads taking chunks on demand get the
   * same number each. With 7 chunks (Fashion CNN conv2's weight gradient at batch 64, K = 49 KC
   * blocks, when chunks were a fixed whole number of blocks long) one of two threads ran 4 while
   * the other ran 3: that product scaled 1.72× on 2 threads, against 1.93× for the same layer's
   * input gradient.
   */
  static final int CHUNK_MULTIPLE = 8;

  /**
   * How many chunks K is cut into for a C of {@code cFloats}: as many as fit {@link #MIN_CHUNK}
   * each, up to {@link #MAX_CHUNKS} ({@link #WIDE_CHUNKS} for a wide C), rounded down to a multiple
   * of {@link #CHUNK_MULTIPLE}. Depends on the shape only.
   */
  static int chunkCount(int k, long cFloats) {
    int most = cFloats > MAX_C_FLOATS ? WIDE_CHUNKS : MAX_CHUNKS;
    int chunks = Math.min(most, k / MIN_CHUNK);
    return Math.max(1, chunks / CHUNK_MULTIPLE * CHUNK_MULTIPLE);
  }

  /**
   * Where chunk ch of {@code chunks} starts in K; chunk {@code chunks} "starts" at k. With a B
   * packed beforehand ({@code blocks}), K's KC blocks are dealt out evenly, so every chunk but the
   * last is whole blocks and lines up with B's; chunks then differ by up to a block. Otherwise the
   * chunks are equally long, to a multiple of {@link #CHUNK_ALIGN}.
   */
  static int chunkStart(int k, int chunks, int ch, boolean blocks) {
    if (ch >= chunks) {
      return k;
    }
    if (!blocks) {
      return (int) ((long) k * ch / chunks) / CHUNK_ALIGN * CHUNK_ALIGN;
    }
    long kcBlocks = (k + Driver.KC - 1) / Driver.KC;
    return (int) Math.min(k, kcBlocks * ch / chunks * Driver.KC);
  }

  /**
   * Chunks not bound to B's blocks start at a multiple of this many K. Equal chunks matter on few
   * threads: Fashion CNN conv1's weight gradient at batch 8 (K = 6,272, 24.5 blocks) dealt in whole
   * blocks had seven chunks of 768 and one of 896, so one of two threads ran 3,200 K and the other
   * 3,072. Eight chunks of 784 (each three blocks and a 16-deep tail) ran it 1.019× as fast on 2
   * threads (same JVM and threads, 30 interleaved pairs) and 0.996× on 1.
   */
  static final int CHUNK_ALIGN = 16;

  private final Call call = new Call();
  private float[] partials = new float[0];
  private final AtomicInteger nextChunk = new AtomicInteger();
  private int chunks;
  /** False while chunks are multiplied, true while the partials are added (over rows of C). */
  private boolean reducing;

  /** As {@link Gemm#run}: C = epilogue(op(A)·op(B) + beta·C), with K split into chunks. */
  static void run(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta, float[] c,
      int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e, boolean relu,
      boolean parallel) {
    KSplit s = LOCAL.get();
    s.call.set(m, n, k, ap, bp, pb, beta, c, cOff, ldc, cRows, scale, shift, e, relu);
    try {
      s.multiply(parallel);
      s.reduce(parallel);
    } finally {
      s.reducing = false;
      s.call.clear();
    }
  }

  /** Fills partials[ch] (m×n, row-major) with chunk ch's product. */
  private void multiply(boolean parallel) {
    chunks = chunkCount(call.k, (long) call.m * call.n);
    long need = (long) chunks * call.m * call.n;
    if (partials.length < need) {
      partials = new float[Math.toIntExact(need)];
    }
    nextChunk.set(0);
    if (parallel) {
      Parallel.forRange(Parallel.threads(), this);
    } else {
      run(0, 0, 1);
    }
  }

  /**
   * Worker body. Multiplying: takes chunks on demand until none is left (any taker gives the same
   * floats). Reducing: rows [from, to) of C.
   */
  @Override
  public void run(int worker, int from, int to) {
    if (reducing) {
      reduceRows(from, to);
      return;
    }
    Call q = call;
    boolean blocks = q.pb != null;
    int ch;
    while ((ch = nextChunk.getAndIncrement()) < chunks) {
      int p0 = chunkStart(q.k, chunks, ch, blocks);
      int kc = chunkStart(q.k, chunks, ch + 1, blocks) - p0;
      Driver.run(q.m, q.n, kc, q.ap, 0, q.bp, q.pb, 0, p0, 0f, partials, ch * q.m * q.n, q.n, null,
          null, null, 0, false);
    }
  }

  /** Adds the partials into C, over rows in parallel once there are enough of them. */
  private void reduce(boolean parallel) {
    reducing = true;
    if (parallel && (long) call.m * call.n * chunks >= PARALLEL_MIN_ADDS) {
      Parallel.forRange(call.m, this);
    } else {
      reduceRows(0, call.m);
    }
  }

  /** C row i = epilogue(Σ_ch partials[ch] row i, in chunk order, + beta·C row i). */
  private void reduceRows(int from, int to) {
    Call q = call;
    int n = q.n;
    int size = q.m * n;
    float[] row = Workspace.get().row(n);
    for (int i = from; i < to; i++) {
      int at = i * n;
      System.arraycopy(partials, at, row, 0, n);
      for (int ch = 1; ch < chunks; ch++) {
        addInto(row, partials, ch * size + at, n);
      }
      Kernel.merge(row, 1, n, q.c, q.cRows == null ? q.cOff + i * q.ldc : q.cOff, q.ldc, q.cRows,
          i, q.beta, true, q.scale, q.shift, q.e, q.relu);
    }
  }

  /** row[0, n) += src[off, off + n), vector body and scalar tail rounding alike. */
  private static void addInto(float[] row, float[] src, int off, int n) {
    int j = 0;
    for (int bound = Kernel.S.loopBound(n); j < bound; j += Kernel.V) {
      FloatVector.fromArray(Kernel.S, row, j)
          .add(FloatVector.fromArray(Kernel.S, src, off + j))
          .intoArray(row, j);
    }
    for (; j < n; j++) {
      row[j] += src[off + j];
    }
  }
}
