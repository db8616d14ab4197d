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
  /** Below this many additions (some 30 µs) the reduction stays on the caller's thread. */
  static final long PARALLEL_MIN_ADDS = 1 << 17;

  private static final ThreadLocal<KSplit> LOCAL = ThreadLocal.withInitial(KSplit::new);

  /** Whether (m, n, k) is computed by K chunks; depends on the shape only, never on threads. */
  static boolean applies(int m, int n, int k) {
    return k >= MIN_K && (long) m * n <= MAX_C_FLOATS;
  }

  /** K per chunk: a multiple of KC (so pre-packed B's blocks line up), close to k / chunks. */
  static int chunkLength(int k) {
    int chunks = Math.min(MAX_CHUNKS, k / MIN_CHUNK);
    int len = (k + chunks - 1) / chunks;
    return (len + Driver.KC - 1) / Driver.KC * Driver.KC;
  }

  private float[] partials = new float[0];
  private final AtomicInteger nextChunk = new AtomicInteger();
  private int m;
  private int n;
  private int k;
  private int chunkLen;
  private APacker ap;
  private BPacker bp;
  private PackedB pb;
  // The reduction's target, set while reducing (the same body then runs over rows of C).
  private boolean reducing;
  private float beta;
  private float[] c;
  private int cOff;
  private int ldc;
  private int[] cRows;
  private float[] scale;
  private float[] shift;
  private int e;
  private boolean relu;

  /** As {@link Gemm#run}: C = epilogue(op(A)·op(B) + beta·C), with K split into chunks. */
  static void run(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta, float[] c,
      int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e, boolean relu,
      boolean parallel) {
    KSplit s = LOCAL.get();
    try {
      s.multiply(m, n, k, ap, bp, pb, parallel);
      s.reduce(beta, c, cOff, ldc, cRows, scale, shift, e, relu, parallel);
    } finally {
      s.reducing = false;
      s.ap = null; // do not pin the caller's arrays and packers in a thread-local
      s.bp = null;
      s.pb = null;
      s.c = null;
      s.cRows = null;
      s.scale = null;
      s.shift = null;
    }
  }

  /** Fills partials[ch] (m×n, row-major) with chunk ch's product. */
  private void multiply(int m, int n, int k, APacker ap, BPacker bp, PackedB pb,
      boolean parallel) {
    this.m = m;
    this.n = n;
    this.k = k;
    this.ap = ap;
    this.bp = bp;
    this.pb = pb;
    chunkLen = chunkLength(k);
    int chunks = (k + chunkLen - 1) / chunkLen;
    long need = (long) chunks * m * n;
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
    int ch;
    while ((ch = nextChunk.getAndIncrement()) * chunkLen < k) {
      int p0 = ch * chunkLen;
      int kc = Math.min(chunkLen, k - p0);
      Driver.run(m, n, kc, ap, 0, bp, pb, 0, p0, 0f, partials, ch * m * n, n, null, null, null, 0,
          false);
    }
  }

  /** Adds the partials into C, over rows in parallel once there are enough of them. */
  private void reduce(float beta, float[] c, int cOff, int ldc, int[] cRows, float[] scale,
      float[] shift, int e, boolean relu, boolean parallel) {
    this.beta = beta;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.cRows = cRows;
    this.scale = scale;
    this.shift = shift;
    this.e = e;
    this.relu = relu;
    reducing = true;
    long adds = (long) m * n * ((k + chunkLen - 1) / chunkLen);
    if (parallel && adds >= PARALLEL_MIN_ADDS) {
      Parallel.forRange(m, this);
    } else {
      reduceRows(0, m);
    }
  }

  /** C row i = epilogue(Σ_ch partials[ch] row i, in chunk order, + beta·C row i). */
  private void reduceRows(int from, int to) {
    int chunks = (k + chunkLen - 1) / chunkLen;
    int size = m * n;
    float[] row = Workspace.get().row(n);
    for (int i = from; i < to; i++) {
      int at = i * n;
      System.arraycopy(partials, at, row, 0, n);
      for (int ch = 1; ch < chunks; ch++) {
        addInto(row, partials, ch * size + at, n);
      }
      Kernel.merge(row, 1, n, c, cRows == null ? cOff + i * ldc : cOff, ldc, cRows, i, beta, true,
          scale, shift, e, relu);
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
