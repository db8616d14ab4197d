package dev.cnnc.runtime.gemm;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Packed, cache-blocked single-precision GEMM on the Vector API. All matrices are row-major views
 * into float[] given by an offset and a leading dimension (row stride).
 *
 * <p>Threads split C into blocks of whole micro-tiles, or — for a long K and a small C — split K
 * into chunks of a length fixed by the shape ({@link KSplit}). Either way every element of C is
 * computed in one fixed order whoever computes it, so results are bit-identical for any thread
 * count. Pack and partial buffers are per calling thread and reused: steady-state calls allocate
 * only the parallel-for's small bookkeeping.
 */
public final class Gemm {
  /**
   * Below this many multiply-adds (about 15 µs on one AVX-512 core) a call runs on the caller's
   * thread: handing work to a worker that has gone to sleep costs 5–50 µs, so splitting would not pay.
   */
  static final long PARALLEL_MIN_MACS = 1L << 21;

  /**
   * When threads split C by rows, each would pack all of B for itself; up to this many floats
   * (16 MiB) B is instead packed once, by all threads, and shared.
   */
  static final long SHARED_B_MAX_FLOATS = 1L << 22;

  /**
   * Up to this size (1 MiB, one Zen 4/5 L2) each thread packs its own copy of B rather than share
   * one: a private copy stays in the core's own L2, while a shared one is half written by the other
   * core and must cross between cores on every pass. Measured on 2 threads at n = 256 and 384:
   * 1.84× and 1.79× one thread private, 1.68× and 1.53× shared; from n = 768 sharing wins.
   */
  static final long PRIVATE_B_MAX_FLOATS = (1L << 20) / Float.BYTES;

  /**
   * Row blocks dealt on demand: this many a thread, of equal size, or as many as C holds of the
   * smallest worth taking; from this many smallest blocks a thread they are taken guided
   * ({@link #GUIDED_SHARE}) instead.
   */
  static final int BLOCKS_PER_THREAD = 8;

  /**
   * Up to this many rows of A the kernel reads a row-major B in place rather than pack it: packing
   * costs a read and a write of every element of B, and a few rows do not re-use a packed panel
   * often enough to pay that back (see {@link #readsBInPlace}).
   */
  static final int IN_PLACE_B_MAX_ROWS = 64;

  /**
   * Four times as many rows still read in place a B of this size (4 MiB) or more: packing would
   * stream it from memory twice.
   */
  static final long IN_PLACE_B_BIG_FLOATS = 1L << 20;

  /** A conservative L2 size (Zen 4/5 have 1 MiB, recent Intel 1.25–2 MiB). */
  static final long L2_BYTES = 512 * 1024;

  private static final ThreadLocal<Task> TASK = ThreadLocal.withInitial(Task::new);
  private static final ThreadLocal<TransposedAdd> TRANSPOSED =
      ThreadLocal.withInitial(TransposedAdd::new);
  private static final ThreadLocal<PackedB> SHARED_B = ThreadLocal.withInitial(PackedB::new);
  private static final ThreadLocal<PackedB> OWN_B = ThreadLocal.withInitial(PackedB::new);

  private static final ThreadLocal<MatrixA> LOCAL_A =
      ThreadLocal.withInitial(MatrixA::new);
  private static final ThreadLocal<MatrixB> LOCAL_B =
      ThreadLocal.withInitial(MatrixB::new);

  /** Rows per packed A micro-panel (see {@link APacker}). */
  public static final int MR = Kernel.MR;
  /** Columns per packed B micro-panel (see {@link BPacker}). */
  public static final int NR = Kernel.NR;
  /**
   * K steps of a packed A micro-panel that one whole vector, stored at a step's MR values, spills
   * its spare lanes over (2 for 16 lanes); a packer copying runs this way leaves a panel's last
   * steps to a scalar copy. Larger than any panel where a vector is shorter than MR.
   */
  public static final int RUN_SPILL_STEPS =
      Kernel.V >= Kernel.MR ? (Kernel.V - 1) / Kernel.MR : Integer.MAX_VALUE / 2;

  private Gemm() {}

  /** Vector length in floats of the species chosen at start-up. */
  public static int vectorLength() {
    return Kernel.V;
  }

  /** Micro-tile shape, for diagnostics and benchmarks. */
  public static String describe() {
    return Kernel.S + " tile " + Kernel.MR + "x" + Kernel.NR + " KC=" + Driver.KC + " MC=" + Driver.MC
        + " NC=" + Driver.NC;
  }

  /**
   * C = alpha·op(A)·op(B) + beta·C on all runtime threads. // A: M×K, B: K×N, C: M×N (after op).
   * op(A) = A (stored M×K, stride lda) or Aᵀ (stored K×M); likewise op(B). beta = 0 ignores C's
   * old contents (even NaN).
   */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
      int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, true);
  }

  /** As {@link #sgemm}, on the calling thread only (for callers already inside a parallel loop). */
  public static void sgemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
      int ldc) {
    sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
  }

  private static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
      int ldc, boolean parallel) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative GEMM size " + m + "x" + n + "x" + k);
    }
    MatrixA ap = LOCAL_A.get().set(a, aOff, lda, transA, alpha);
    MatrixB bp = LOCAL_B.get().set(b, bOff, ldb, transB);
    try {
      run(m, n, k, ap, bp, null, beta, c, cOff, ldc, null, null, 0, false, parallel);
    } finally {
      ap.a = null; // do not pin the caller's arrays in a thread-local
      bp.b = null;
    }
  }

  /**
   * The general entry for layers: op(A) from any packer, op(B) from a packer or pre-packed (pb
   * non-null wins), then an epilogue on each finished element of column j: y = y·scale[e + j] +
   * shift[e + j] (either array may be null), then max(y, 0) if relu.
   * // A: M×K, B: K×N, C: M×N at c[cOff], stride ldc.
   */
  public static void run(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta,
      float[] c, int cOff, int ldc, float[] scale, float[] shift, int e, boolean relu,
      boolean parallel) {
    run(m, n, k, ap, bp, pb, beta, c, cOff, ldc, null, scale, shift, e, relu, parallel);
  }

  /**
   * As above, with C's rows scattered: row i starts at {@code c[cOff + cRows[i]]} (ldc unused).
   * Lets a strided convolution's input gradient write one stride phase of pixels at a time.
   */
  public static void run(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta,
      float[] c, int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e, boolean relu,
      boolean parallel) {
    run(m, n, k, ap, bp, pb, beta, c, cOff, ldc, cRows, scale, shift, e, relu, parallel, null);
  }

  /**
   * Adds the product transposed into g: g[j·ldg + gOff + i] += (op(A)·op(B))[i][j] — a
   * convolution's weight gradient, computed as dWᵀ. // A: M×K, B: K×N, g: N rows of stride ldg.
   * {@code scratch} (M×N, row-major) holds partial sums when K spans several blocks; it is not
   * left holding the product. Each element of g gets exactly one addition of a value computed in
   * an order fixed by the shape, so the result is the same on every thread count. (Up to
   * {@link Driver#TR_ONE_BLOCK_MAX_K} that order is one K block rather than blocks of KC, so the
   * floats may differ in the last place from {@link #run} followed by a transposed add.)
   */
  public static void runAddTransposed(int m, int n, int k, APacker ap, BPacker bp,
      float[] scratch, float[] g, int gOff, int ldg, boolean parallel) {
    if (m == 0 || n == 0 || k == 0) {
      return;
    }
    TransposedAdd tr = TRANSPOSED.get().set(g, gOff, ldg);
    try {
      if (gradientSplitsK(m, n, k)) { // long K, C up to 128 K floats: K chunks, one pass
        KSplit.run(m, n, k, ap, bp, null, 0f, scratch, 0, n, null, null, null, 0, false,
            parallel);
        tr.addAll(scratch, m, n, parallel);
      } else {
        run(m, n, k, ap, bp, null, 0f, scratch, 0, n, null, null, null, 0, false, parallel, tr);
      }
    } finally {
      tr.g = null;
    }
  }

  /**
   * Columns [j0, j1) of {@link #runAddTransposed}'s product on the calling thread: rows j0…j1 of g
   * get their additions, with the floats the whole call gives them. For callers that share one
   * product's columns out among threads themselves; not for shapes that {@link #gradientSplitsK}
   * (those are added whole). j0 is a multiple of {@link #NR}; the scratch is the whole call's.
   */
  public static void runAddTransposedColumns(int m, int n, int k, int j0, int j1, APacker ap,
      BPacker bp, float[] scratch, float[] g, int gOff, int ldg) {
    if (j0 % NR != 0 || j0 < 0 || j1 > n || gradientSplitsK(m, n, k)) {
      throw new IllegalArgumentException("columns " + j0 + ".." + j1 + " of " + m + "x" + n + "x" + k);
    }
    if (m == 0 || j1 <= j0 || k == 0) {
      return;
    }
    TransposedAdd tr = TRANSPOSED.get().set(g, gOff, ldg);
    try {
      Driver.run(m, j1 - j0, k, ap, 0, bp, null, j0, 0, 0f, scratch, j0, n, null, null, null, 0,
          false, tr);
    } finally {
      tr.g = null;
    }
  }

  /** Whether {@link #runAddTransposed} computes this shape by K chunks (then added whole). */
  public static boolean gradientSplitsK(int m, int n, int k) {
    return KSplit.appliesToGradient(m, n, k);
  }

  private static void run(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta,
      float[] c, int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e, boolean relu,
      boolean parallel, TransposedAdd tr) {
    if (m == 0 || n == 0) {
      return;
    }
    if (KSplit.applies(m, n, k)) {
      KSplit.run(m, n, k, ap, bp, pb, beta, c, cOff, ldc, cRows, scale, shift, e, relu, parallel);
      return;
    }
    int threads = Parallel.threads();
    int mUnits = (m + Kernel.MR - 1) / Kernel.MR;
    int nUnits = (n + Kernel.NR - 1) / Kernel.NR;
    if (!parallel || !splits(m, n, k, threads)) {
      Driver.run(m, n, k, ap, 0, bp, pb, 0, 0, beta, c, cOff, ldc, cRows, scale, shift, e, relu,
          tr);
      return;
    }
    boolean splitM = splitsRows(mUnits, nUnits);
    long packedBFloats = (long) k * nUnits * Kernel.NR;
    boolean inPlace = pb == null && readsBInPlace(m, n, k, bp);
    // A transposed product short enough for one K block packs B in the driver: a B packed here is
    // laid out in KC blocks, and the floats must not depend on whether a thread count shares one.
    boolean oneBlock = tr != null && k <= Driver.TR_ONE_BLOCK_MAX_K;
    if (splitM && pb == null && !inPlace && !oneBlock && packedBFloats > PRIVATE_B_MAX_FLOATS
        && packedBFloats <= SHARED_B_MAX_FLOATS
        && !fewRowBlocks(mUnits, nUnits, k, threads, bp.copiesRows())) {
      pb = SHARED_B.get();
      pb.pack(bp, k, n, true);
    }
    // Hand out blocks of whole micro-tiles on demand rather than one fixed share per thread: a
    // core that loses time to another process then simply takes fewer blocks. Each tile is still
    // computed by one thread in one K order, so results do not depend on who takes which block.
    int units = splitM ? mUnits : nUnits;
    int blocks; // C is cut into this many blocks of (within one unit) equal size
    boolean guided = false; // ... taken a few at a time, fewer as the call goes (GUIDED_SHARE)
    // A B within L2 is copied by each thread before its first block rather than packed once and
    // shared: a shared copy is re-written every call, half by each core (see fewRowBlocks). Against
    // one shared B, 2 threads, same JVM, interleaved: 1.00–1.08× the speed on 13 cases (Fashion CNN
    // conv2 forward and backward at batch 8 1.04–1.06, ResNet-18 1×1 stride-2 256 forward
    // 1.02–1.05, 256³ sgemm 1.08).
    boolean ownB = splitM && pb == null && !inPlace && !oneBlock && bFitsL2(packedBFloats);
    if (splitM && (pb != null || ownB)) {
      // Every block streams all of packed B: blocks of a few tiles only while B sits in L2. Past
      // that, B comes from L3 and a block needs MC rows, so each B panel brought into L1 serves
      // MC/MR micro-tiles (a 512×256×3136 weight gradient: 1.8× one thread, 1.5× with 4-tile blocks).
      int minUnits = bFitsL2(packedBFloats) ? 1 : Driver.MC / Kernel.MR;
      int perThread = Math.max(1, Math.min(BLOCKS_PER_THREAD, units / (threads * minUnits)));
      guided = perThread == BLOCKS_PER_THREAD;
      blocks = guided ? units / minUnits : threads * perThread;
    } else {
      // Each block packs the other operand for itself (A when splitting N, B when it is small
      // enough to keep per core or too big to share): one block per thread, as few packings as
      // possible.
      blocks = threads;
    }
    Task t = TASK.get();
    t.call.set(m, n, k, ap, bp, pb, beta, c, cOff, ldc, cRows, scale, shift, e, relu);
    t.call.tr = tr;
    t.deal(splitM, units, Math.min(units, blocks), guided ? GUIDED_SHARE * threads : 0, ownB);
    try {
      Parallel.forRange(threads, t);
    } finally {
      t.call.clear();
    }
  }

  /**
   * One block of a product on the calling thread, for callers that split the work among threads
   * themselves: C = op(A)[rows i0, i0 + m) · op(B)[columns j0, j0 + n), overwriting C.
   * // A: m×k (from row i0 of the packer), B: k×n (from column j0 of bp, or pre-packed pb with
   * j0 = 0), C: m×n at c[cOff], stride ldc.
   */
  public static void runBlock(int i0, int j0, int m, int n, int k, APacker ap, BPacker bp,
      PackedB pb, float[] c, int cOff, int ldc) {
    Driver.run(m, n, k, ap, i0, bp, pb, j0, 0, 0f, c, cOff, ldc, null, null, null, 0, false);
  }

  /**
   * Whether {@link #run} reads B in place from the stored matrix instead of packing it: B is a
   * row-major {@link MatrixB} and A has at most {@link #IN_PLACE_B_MAX_ROWS} rows, or four times
   * that with a B of {@link #IN_PLACE_B_BIG_FLOATS} or more. Same floats either way; a caller
   * holding such a B should then pass the packer rather than pre-pack. In place against packed
   * (GFLOP/s ratio, 1 / 2 threads): ResNet-18's 3×3 512 forward at batch 1 (49×512×4608) 1.52 /
   * 1.87, AlexNet's FC6 at batch 8 (8×4096×9216) 2.07 / 2.05, VGG-16's 3×3 512 at 14×14, batch 1
   * (196×512×4608) 1.09 / 1.08, 147×512×4608 1.14 / 1.16, 256×512×4608 0.99 / 1.06; below 4 MiB
   * 128×512×512 0.96 and 196×256×2304 0.94 on one thread — hence the bounds.
   */
  public static boolean readsBInPlace(int m, int n, int k, BPacker b) {
    if (!(b instanceof MatrixB mb) || !mb.rowMajor()) {
      return false;
    }
    return m <= IN_PLACE_B_MAX_ROWS
        || (m <= 4 * IN_PLACE_B_MAX_ROWS && (long) k * n >= IN_PLACE_B_BIG_FLOATS);
  }

  /**
   * Whether a parallel {@link #run} of this shape on the current thread count has each thread pack
   * the B it needs for itself, so that a caller holding B as a packer does better to pass the
   * packer than to pre-pack B once for all threads (any choice gives the same floats):
   * <ul>
   *   <li>when threads split C's columns, each packs only its own columns (ResNet-18's 3×3
   *       512-channel forward at batch 8, 2 threads: +11 % passing the packer);
   *   <li>when they split C's rows into a few blocks each ({@link #fewRowBlocks}), each packs all
   *       of B, a K block at a time as it goes ({@code copiesRows}: B's packer copies stored rows,
   *       {@link BPacker#copiesRows});
   *   <li>when they split C's rows and B fits L2 ({@link #bFitsL2}), each packs a copy of B.
   * </ul>
   */
  public static boolean packsBPerThread(int m, int n, int k, boolean copiesRows) {
    int threads = Parallel.threads();
    if (m <= 0 || n <= 0 || KSplit.applies(m, n, k) || !splits(m, n, k, threads)) {
      return false;
    }
    int mUnits = (m + Kernel.MR - 1) / Kernel.MR;
    int nUnits = (n + Kernel.NR - 1) / Kernel.NR;
    return !splitsRows(mUnits, nUnits) || fewRowBlocks(mUnits, nUnits, k, threads, copiesRows)
        || bFitsL2((long) k * nUnits * Kernel.NR);
  }

  /**
   * Whether threads splitting C's rows, with a packed B past L2 (blocks of MC rows), get at most
   * {@link #FEW_ROW_BLOCKS} blocks each (a batch-8 convolution's 392 rows), or
   * {@link #FEW_COPIED_ROW_BLOCKS} when B's packer copies rows. Each thread then packs all of B
   * itself, one K block at a time into its own buffer, rather than share one B packed by all:
   * re-packing a shared B every call writes lines that both cores hold from the last call, and each
   * write must first take the line from the other core (fm.conv4's weights, 1152×256: 50 µs to pack
   * on one thread, about 100 µs on two). With one block per thread there is no reuse to share
   * anyway: fm.conv4's forward at batch 8 on 2 threads went from 1.68× to 1.88× one thread, the
   * 392×256×1152 sgemm from 1.64× to 1.91× (same JVM, interleaved, 7 rounds).
   */
  static boolean fewRowBlocks(int mUnits, int nUnits, int k, int threads, boolean copiesRows) {
    long packedBFloats = (long) k * nUnits * Kernel.NR;
    int most = copiesRows ? FEW_COPIED_ROW_BLOCKS : FEW_ROW_BLOCKS;
    return !bFitsL2(packedBFloats) && mUnits / (threads * (Driver.MC / Kernel.MR)) <= most;
  }

  /** Most MC-row blocks per thread at which each thread packs B itself ({@link #fewRowBlocks}). */
  static final int FEW_ROW_BLOCKS = 1;

  /**
   * The same for a B packed by copying its rows ({@link BPacker#copiesRows}): such a copy costs
   * each thread little, while a shared one still crosses between the cores every call. Batch-8
   * forward passes with 1,568 output pixels (4 MC blocks a thread), 2 threads, same JVM, 9 rounds,
   * both orders, time shared / own: ResNet-18's 3×3 stride-2 256 1.07–1.16, 3×3 256 1.07–1.11,
   * Fashion CNN conv3 1.08–1.17, 3×3 stride-2 512 1.00–1.06. From 8 blocks a thread it loses
   * (ResNet-18's 3×3 512 at batch 64, 8 blocks, 0.89–0.90; 3×3 128 at batch 8, 16 blocks,
   * 0.92–0.94); with the swapped weights of an input gradient (a transposing pack) 0.94–1.05 at 4
   * blocks, no gain.
   */
  static final int FEW_COPIED_ROW_BLOCKS = 4;

  /** Whether packed B takes at most a quarter of L2, so it stays there beside A's block. */
  private static boolean bFitsL2(long packedBFloats) {
    return 4 * packedBFloats <= L2_BYTES;
  }

  /** Whether a call is worth handing to several threads at all. */
  private static boolean splits(int m, int n, int k, int threads) {
    long macs = (long) m * n * Math.max(k, 1);
    int units = Math.max((m + Kernel.MR - 1) / Kernel.MR, (n + Kernel.NR - 1) / Kernel.NR);
    return threads > 1 && macs >= PARALLEL_MIN_MACS && units >= 2;
  }

  /** Split the longer side (in micro-tiles) so each thread gets whole tiles and a fair share. */
  private static boolean splitsRows(int mUnits, int nUnits) {
    return mUnits * Kernel.MR >= nUnits * Kernel.NR ? mUnits >= 2 : nUnits < 2;
  }

  /**
   * Blocks dealt on demand are guided once C holds {@link #BLOCKS_PER_THREAD} smallest blocks a
   * thread: C is cut into all of its smallest blocks, and each thread takes the blocks left divided
   * by this many times the thread count (at least one), so what a thread takes shrinks toward the
   * end of the call and the threads finish together; with eight equal blocks a thread, the one
   * that took the last block could keep the other waiting up to a sixteenth of the work. Which
   * thread computes a tile does not change its floats. Same JVM, 2 threads, 7 rounds, each case's
   * 1-thread, equal-block and guided samples interleaved, two runs over the 64 Fashion CNN and
   * ResNet-18 cases (2026-11-27, a first version that cut sizes, not blocks), guided time over
   * equal: geometric means 1.011 and 1.008; ResNet-18's 3×3 stride-2 256 forward at batch 64 1.089
   * and 1.021, Fashion CNN conv1's forward 1.02–1.06, the 512-channel 3×3 forwards at batch 64
   * 0.979–0.990.
   */
  static final int GUIDED_SHARE = 2;

  /** The parallel body, reused per calling thread so a parallel call allocates no closure. */
  private static final class Task implements Parallel.RangeBody {
    final Call call = new Call();
    private boolean splitM;
    /** The first block no thread has taken yet. */
    private final AtomicInteger nextBlock = new AtomicInteger();
    private int units;
    private int blocks;
    /** Guided: a thread takes the blocks left divided by this (at least one); 0: one at a time. */
    private int share;

    /** Whether each thread packs all of B for itself, once, before its first block. */
    private boolean ownB;

    void deal(boolean splitM, int units, int blocks, int share, boolean ownB) {
      this.splitM = splitM;
      this.units = units;
      this.blocks = blocks;
      this.share = share;
      this.ownB = ownB;
      nextBlock.set(0);
    }

    /** The first unit of block b (b = blocks: the end): blocks differ by at most one unit. */
    private int start(int b) {
      return (int) ((long) b * units / blocks);
    }

    @Override
    public void run(int chunk, int fromThread, int toThread) {
      PackedB own = null;
      int b;
      while ((b = nextBlock.get()) < blocks) {
        int take = share == 0 ? 1 : Math.max(1, (blocks - b) / share);
        if (!nextBlock.compareAndSet(b, b + take)) {
          continue; // another thread took these blocks first
        }
        if (ownB && own == null) {
          own = OWN_B.get();
          own.pack(call.bp, call.k, call.n, false);
        }
        runUnits(start(b), start(b + take), own);
      }
    }

    /** Computes the C tiles of micro-tile rows (or columns) [from, to), B from own if given. */
    private void runUnits(int from, int to, PackedB own) {
      Call q = call;
      if (splitM) {
        int i0 = from * Kernel.MR;
        int i1 = Math.min(q.m, to * Kernel.MR);
        Driver.run(i1 - i0, q.n, q.k, q.ap, i0, q.bp, own != null ? own : q.pb, 0, 0, q.beta, q.c,
            q.cRows == null ? q.cOff + i0 * q.ldc : q.cOff, q.ldc, q.cRows, q.scale, q.shift, q.e,
            q.relu, q.tr);
      } else {
        int j0 = from * Kernel.NR;
        int j1 = Math.min(q.n, to * Kernel.NR);
        Driver.run(q.m, j1 - j0, q.k, q.ap, 0, q.bp, q.pb, j0, 0, q.beta, q.c, q.cOff + j0, q.ldc,
            q.cRows, q.scale, q.shift, q.e + j0, q.relu, q.tr);
      }
    }
  }
}
