package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Bias gradients: grad[c] += Σ_r dz[r][c] over the rows of a row-major matrix (a convolution's
 * output pixels or a dense layer's batch). // dz: rows × cols, grad: cols
 *
 * <p>Threads take chunks of rows. How many chunks, and where they start, depends only on the
 * matrix's shape ({@link #chunks}), never on the thread count: each chunk sums its rows in order
 * into its own row of partials, and the partials reach grad one chunk after another, so the sums
 * are the same on every thread count. A matrix too small for threads to pay is one chunk, summed
 * straight into grad.
 *
 * <p>Inside a chunk the sums of four vectors of columns stay in registers down the rows. Before,
 * threads split the columns and kept their sums in a per-thread array, and every row added through
 * memory, one store-to-load round trip per vector: Fashion CNN conv1's bias gradient at batch 8
 * (6,272 rows of 64) took 59 µs on one thread and 55 on two, 11 % of that layer's 2-thread backward
 * (2026-11-27, twelfth session).
 */
final class ColumnSums {
  /** Sums smaller than this are one chunk, on the calling thread (a pool fork costs more). */
  static final int PARALLEL_MIN_ELEMENTS = Conv2d.PARALLEL_MIN_ELEMENTS;

  /**
   * Floats per chunk, at most (128 KiB): a chunk's rows stay in L2 while the column groups after
   * the first walk them again.
   */
  static final int CHUNK_ELEMENTS = 1 << 15;

  /** The chunk count is a multiple of this, so 1, 2, 3 or 6 threads get equal shares. */
  static final int CHUNK_MULTIPLE = 6;

  /** Column vectors summed side by side down a chunk's rows. */
  private static final int GROUP = 4;

  private static final ThreadScratch PARTIALS = new ThreadScratch();
  private static final ThreadScratch TAIL = new ThreadScratch();

  private ColumnSums() {}

  /** grad[c] += Σ_r dz[off + r·cols + c] for c in [0, cols). */
  static void add(float[] dz, int off, int rows, int cols, float[] grad) {
    add(dz, off, rows, cols, grad, Simd.VECTOR_DEFAULT);
  }

  /** As {@link #add(float[], int, int, int, float[])}, vector or scalar twin (same floats). */
  static void add(float[] dz, int off, int rows, int cols, float[] grad, boolean vector) {
    if (rows <= 0 || cols <= 0) {
      return;
    }
    int chunks = chunks(rows, cols);
    if (chunks == 1) {
      sum(dz, off, 0, rows, cols, grad, 0, vector);
      return;
    }
    int per = (rows + chunks - 1) / chunks;
    float[] partials = PARTIALS.floats(chunks * cols); // owned by this call's thread
    Arrays.fill(partials, 0, chunks * cols, 0f);
    Parallel.forRange(chunks, (chunk, from, to) -> {
      for (int ch = from; ch < to; ch++) {
        int r0 = Math.min(rows, ch * per);
        sum(dz, off, r0, Math.min(rows, r0 + per), cols, partials, ch * cols, vector);
      }
    });
    for (int ch = 0; ch < chunks; ch++) {
      for (int c = 0; c < cols; c++) {
        grad[c] += partials[ch * cols + c];
      }
    }
  }

  /**
   * How many chunks a rows × cols sum is cut into: 1 below {@link #PARALLEL_MIN_ELEMENTS}, else
   * enough for at most {@link #CHUNK_ELEMENTS} floats each, rounded up to a multiple of
   * {@link #CHUNK_MULTIPLE} and at most one a row. Depends on the shape alone.
   */
  static int chunks(int rows, int cols) {
    long elements = (long) rows * cols;
    if (elements < PARALLEL_MIN_ELEMENTS) {
      return 1;
    }
    long n = (elements + CHUNK_ELEMENTS - 1) / CHUNK_ELEMENTS;
    n = (n + CHUNK_MULTIPLE - 1) / CHUNK_MULTIPLE * CHUNK_MULTIPLE;
    return (int) Math.min(n, rows);
  }

  /** out[o + c] += Σ over rows [r0, r1) of dz, each column in row order. */
  private static void sum(float[] dz, int off, int r0, int r1, int cols, float[] out, int o,
      boolean vector) {
    int c = 0;
    if (vector) {
      c = sumVectors(dz, off, r0, r1, cols, out, o);
    }
    if (c < cols) {
      sumScalar(dz, off, r0, r1, cols, c, out, o);
    }
  }

  /**
   * The columns that fill whole vectors, four vectors at a time then one; returns the first column
   * left for the scalar tail.
   */
  private static int sumVectors(float[] dz, int off, int r0, int r1, int cols, float[] out,
      int o) {
    int v = Simd.F.length();
    int c = 0;
    for (; c + GROUP * v <= cols; c += GROUP * v) {
      FloatVector a0 = FloatVector.fromArray(Simd.F, out, o + c);
      FloatVector a1 = FloatVector.fromArray(Simd.F, out, o + c + v);
      FloatVector a2 = FloatVector.fromArray(Simd.F, out, o + c + 2 * v);
      FloatVector a3 = FloatVector.fromArray(Simd.F, out, o + c + 3 * v);
      for (int r = r0, base = off + r0 * cols + c; r < r1; r++, base += cols) {
        a0 = a0.add(FloatVector.fromArray(Simd.F, dz, base));
        a1 = a1.add(FloatVector.fromArray(Simd.F, dz, base + v));
        a2 = a2.add(FloatVector.fromArray(Simd.F, dz, base + 2 * v));
        a3 = a3.add(FloatVector.fromArray(Simd.F, dz, base + 3 * v));
      }
      a0.intoArray(out, o + c);
      a1.intoArray(out, o + c + v);
      a2.intoArray(out, o + c + 2 * v);
      a3.intoArray(out, o + c + 3 * v);
    }
    for (; c + v <= cols; c += v) {
      FloatVector a = FloatVector.fromArray(Simd.F, out, o + c);
      for (int r = r0, base = off + r0 * cols + c; r < r1; r++, base += cols) {
        a = a.add(FloatVector.fromArray(Simd.F, dz, base));
      }
      a.intoArray(out, o + c);
    }
    return c;
  }

  /**
   * Columns [c0, cols), each in row order, the running sums in a per-thread array so the columns
   * of a row add side by side (the scalar twin when c0 = 0).
   */
  private static void sumScalar(float[] dz, int off, int r0, int r1, int cols, int c0,
      float[] out, int o) {
    int width = cols - c0;
    float[] acc = TAIL.floats(width);
    System.arraycopy(out, o + c0, acc, 0, width);
    for (int r = r0, base = off + r0 * cols + c0; r < r1; r++, base += cols) {
      for (int c = 0; c < width; c++) {
        acc[c] += dz[base + c];
      }
    }
    System.arraycopy(acc, 0, out, o + c0, width);
  }
}
