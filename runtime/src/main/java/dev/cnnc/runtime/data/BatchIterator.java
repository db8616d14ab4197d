package dev.cnnc.runtime.data;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Mini-batches of a {@link Dataset}: optionally shuffled, augmented and prefetched.
 *
 * <p>Reproducibility: epoch e's order is a Fisher–Yates permutation drawn from (seed, e) only, and
 * each sample's augmentation from (seed, e, sample index) only. Resuming at epoch e (and batch b,
 * see {@link #epoch(int, int, boolean)}) therefore reproduces exactly the batches of an
 * uninterrupted run, and the prefetching path gives the same floats as the synchronous one.
 *
 * <p>Immutable; the {@code with…} methods return copies.
 */
public final class BatchIterator {
  private final Dataset data;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final boolean dropLast;
  private final Augmentation augmentation;

  /** Shuffled, not augmented, keeping the last partial batch. */
  public BatchIterator(Dataset data, int batchSize, long seed) {
    this(data, batchSize, seed, true, false, Augmentation.NONE);
  }

  private BatchIterator(Dataset data, int batchSize, long seed, boolean shuffle, boolean dropLast,
      Augmentation augmentation) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.augmentation = augmentation;
  }

  /** Sequential order, no augmentation: for evaluation. */
  public static BatchIterator sequential(Dataset data, int batchSize) {
    return new BatchIterator(data, batchSize, 0, false, false, Augmentation.NONE);
  }

  public BatchIterator withShuffle(boolean on) {
    return new BatchIterator(data, batchSize, seed, on, dropLast, augmentation);
  }

  public BatchIterator withDropLast(boolean on) {
    return new BatchIterator(data, batchSize, seed, shuffle, on, augmentation);
  }

  public BatchIterator withAugmentation(Augmentation a) {
    return new BatchIterator(data, batchSize, seed, shuffle, dropLast, a);
  }

  public Dataset dataset() {
    return data;
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The sample order of an epoch: a permutation of [0, size) depending on (seed, epoch) only. */
  public int[] order(int epoch) {
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(mix(seed, epoch, -1));
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** The whole epoch, synchronously. */
  public Batches epoch(int epoch) {
    return epoch(epoch, 0, false);
  }

  /**
   * Epoch {@code epoch} starting at batch {@code firstBatch} (to resume mid-epoch), filled either on
   * the caller's thread or by a background thread that keeps up to two batches ready.
   */
  public Batches epoch(int epoch, int firstBatch, boolean prefetch) {
    if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
      throw new IllegalArgumentException("first batch " + firstBatch + " outside [0, "
          + batchesPerEpoch() + "]");
    }
    Filler filler = new Filler(epoch);
    return prefetch ? new PrefetchedBatches(filler, firstBatch) : new SyncBatches(filler, firstBatch);
  }

  /** SplitMix64-style hash of the parts: independent streams per (seed, epoch, index). */
  static long mix(long seed, long epoch, long index) {
    long h = 0x9E3779B97F4A7C15L;
    h = splitmix(h ^ seed);
    h = splitmix(h ^ epoch);
    return splitmix(h ^ index);
  }

  private static long splitmix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Fills batches of one epoch; each instance is used by one thread (it owns a scratch buffer). Not
   * final only so tests can make it fail.
   */
  class Filler {
    final int epoch;
    final int[] order;
    final int batches;
    private final float[] table;
    private final float[] mean;
    private final float[] std;
    private final float[] scratch;

    Filler(int epoch) {
      this.epoch = epoch;
      this.order = order(epoch);
      this.batches = batchesPerEpoch();
      Normalization norm = data.normalization();
      this.table = norm.table();
      this.mean = norm.mean();
      this.std = norm.std();
      this.scratch = augmentation.isNone() ? null : new float[data.sampleSize()];
    }

    int batchSize() {
      return batchSize;
    }

    int sampleSize() {
      return data.sampleSize();
    }

    /** Fills batch b into dst (NHWC floats from dstOff) and labels; returns its sample count. */
    int fill(int b, float[] dst, int dstOff, int[] labels) {
      int from = b * batchSize;
      int n = Math.min(batchSize, order.length - from);
      int size = data.sampleSize();
      int c = data.channels();
      for (int k = 0; k < n; k++) {
        int i = order[from + k];
        labels[k] = data.label(i);
        int off = dstOff + k * size;
        if (scratch == null) {
          data.copySample(i, dst, off, table);
        } else {
          data.copyUnit(i, scratch, 0);
          augmentation.apply(scratch, dst, off, data.height(), data.width(), c, mix(seed, epoch, i));
          for (int p = 0; p < size; p++) {
            int ch = p % c;
            dst[off + p] = (dst[off + p] - mean[ch]) / std[ch];
          }
        }
      }
      return n;
    }

    void checkTarget(Tensor images, int[] labels) {
      if (images.h != data.height() || images.w != data.width() || images.c != data.channels()) {
        throw new IllegalArgumentException("batch tensor " + images + " does not match the data set's "
            + data.height() + "×" + data.width() + "×" + data.channels() + " samples");
      }
      if (images.n < batchSize || labels.length < batchSize) {
        throw new IllegalArgumentException("batch tensor holds " + images.n + " samples and labels "
            + labels.length + ", batch size is " + batchSize);
      }
    }
  }
}
