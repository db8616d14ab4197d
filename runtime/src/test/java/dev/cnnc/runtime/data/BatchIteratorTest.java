package dev.cnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {
  static final int N = 103;

  /** Sample i is an 8×8×3 image whose pixels encode i, with label i % 10. */
  static Dataset data() {
    int size = 8 * 8 * 3;
    byte[] pixels = new byte[N * size];
    byte[] labels = new byte[N];
    for (int i = 0; i < N; i++) {
      labels[i] = (byte) (i % 10);
      for (int k = 0; k < size; k++) {
        pixels[i * size + k] = (byte) (i + 3 * k);
      }
    }
    Dataset d = Dataset.of(pixels, labels, 8, 8, 3, Dataset.numberedClasses(10));
    return d.withNormalization(Normalization.compute(d));
  }

  /** All batches of an epoch, concatenated: floats and labels. */
  static List<float[]> collect(BatchIterator it, int epoch, int first, boolean prefetch) {
    Tensor x = Tensor.zeros(it.batchSize(), 8, 8, 3);
    int[] y = new int[it.batchSize()];
    List<float[]> out = new ArrayList<>();
    try (Batches b = it.epoch(epoch, first, prefetch)) {
      int n;
      while ((n = b.next(x, y)) > 0) {
        float[] batch = Arrays.copyOf(x.data, n * x.sampleSize() + n);
        for (int k = 0; k < n; k++) {
          batch[n * x.sampleSize() + k] = y[k];
        }
        out.add(batch);
      }
      assertEquals(0, b.next(x, y));
    }
    return out;
  }

  static void assertSameBatches(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "batch " + i);
    }
  }

  @Test
  void epochIsAPermutationDependingOnSeedAndEpochOnly() {
    BatchIterator it = new BatchIterator(data(), 16, 42);
    int[] o1 = it.order(3);
    int[] sorted = o1.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < N; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(o1, new BatchIterator(data(), 64, 42).order(3));
    assertFalse(Arrays.equals(o1, it.order(4)));
    assertFalse(Arrays.equals(o1, new BatchIterator(data(), 16, 43).order(3)));
    assertEquals(7, it.batchesPerEpoch());
    assertEquals(6, it.withDropLast(true).batchesPerEpoch());
    assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(BatchIterator.sequential(data(), 5).order(9), 3));
  }

  @Test
  void resumingMidEpochReproducesTheBatches() {
    BatchIterator it = new BatchIterator(data(), 16, 7).withAugmentation(Augmentation.parse("shift=2,flip,brightness=0.1,contrast=0.2"));
    List<float[]> full = collect(it, 2, 0, false);
    List<float[]> tail = collect(it, 2, 4, false);
    assertSameBatches(full.subList(4, full.size()), tail);
    // The last batch is partial: 103 = 6·16 + 7.
    assertEquals(7 * 192 + 7, full.get(6).length);
  }

  @Test
  void prefetchDeliversTheSameBatches() {
    BatchIterator it = new BatchIterator(data(), 10, 1).withAugmentation(new Augmentation(3, true, 0.2f, 0.3f));
    for (int epoch = 0; epoch < 3; epoch++) {
      assertSameBatches(collect(it, epoch, 0, false), collect(it, epoch, 0, true));
    }
    assertSameBatches(collect(it, 5, 3, false), collect(it, 5, 3, true));
  }

  @Test
  void augmentationDependsOnSampleNotBatching() {
    Augmentation a = new Augmentation(2, true, 0.1f, 0.1f);
    BatchIterator small = new BatchIterator(data(), 7, 5).withAugmentation(a).withShuffle(false);
    BatchIterator big = new BatchIterator(data(), 50, 5).withAugmentation(a).withShuffle(false);
    float[] s = flatten(collect(small, 1, 0, false), 7);
    float[] b = flatten(collect(big, 1, 0, true), 50);
    assertArrayEquals(s, b);
    float[] other = flatten(collect(big, 2, 0, false), 50);
    assertFalse(Arrays.equals(b, other), "a new epoch draws new distortions");
    float[] plain = flatten(collect(big.withAugmentation(Augmentation.NONE), 1, 0, false), 50);
    assertFalse(Arrays.equals(b, plain));
  }

  private static float[] flatten(List<float[]> batches, int batch) {
    int size = 192;
    float[] out = new float[N * size];
    int at = 0;
    for (float[] b : batches) {
      int n = b.length / (size + 1);
      System.arraycopy(b, 0, out, at, n * size);
      at += n * size;
    }
    return out;
  }

  @Test
  void unaugmentedBatchesAreNormalisedSamples() {
    Dataset d = data();
    BatchIterator it = new BatchIterator(d, 16, 3);
    int[] order = it.order(0);
    List<float[]> batches = collect(it, 0, 0, false);
    float[] expected = new float[192];
    d.copySample(order[17], expected, 0);
    assertArrayEquals(expected, Arrays.copyOfRange(batches.get(1), 192, 384));
    assertEquals(order[17] % 10, (int) batches.get(1)[16 * 192 + 1]);
  }

  @Test
  void augmentationGeometry() {
    // A 1-channel 3×3 ramp; shift and flip are exact, padding is zero.
    float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] dst = new float[9];
    Augmentation flip = new Augmentation(0, true, 0, 0);
    Augmentation shift = new Augmentation(1, false, 0, 0);
    boolean sawFlip = false;
    boolean sawShift = false;
    for (long seed = 0; seed < 64; seed++) {
      flip.apply(src, dst, 0, 3, 3, 1, seed);
      if (dst[0] == 3) {
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, dst);
        sawFlip = true;
      } else {
        assertArrayEquals(src, dst);
      }
      shift.apply(src, dst, 0, 3, 3, 1, seed);
      if (Arrays.equals(dst, new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5})) {
        sawShift = true;
      }
    }
    assertTrue(sawFlip && sawShift);
    assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("rotate=4"));
    assertEquals(new Augmentation(4, true, 0.2f, 0f), Augmentation.parse("shift=4, flip, brightness=0.2"));
  }

  @Test
  void prefetchFailurePropagatesAndCloseStopsTheThread() throws Exception {
    BatchIterator it = new BatchIterator(data(), 10, 0);
    IllegalStateException boom = new IllegalStateException("disk on fire");
    BatchIterator.Filler failing = it.new Filler(0) {
      @Override
      int fill(int b, float[] dst, int off, int[] labels) {
        if (b == 2) {
          throw boom;
        }
        return super.fill(b, dst, off, labels);
      }
    };
    Tensor x = Tensor.zeros(10, 8, 8, 3);
    int[] y = new int[10];
    try (PrefetchedBatches p = new PrefetchedBatches(failing, 0)) {
      assertEquals(10, p.next(x, y));
      assertEquals(10, p.next(x, y));
      assertSame(boom, assertThrows(IllegalStateException.class, () -> p.next(x, y)));
      assertSame(boom, assertThrows(IllegalStateException.class, () -> p.next(x, y)));
    }
    PrefetchedBatches p = new PrefetchedBatches(it.new Filler(0), 0);
    assertEquals(10, p.next(x, y));
    p.close(); // abandoned mid-epoch: the producer is blocked on a full queue and must still stop
    assertFalse(p.threadAlive());
    assertEquals(0, p.next(x, y));
  }

  @Test
  void badTargetTensor() {
    BatchIterator it = new BatchIterator(data(), 10, 0);
    try (Batches b = it.epoch(0)) {
      assertThrows(IllegalArgumentException.class, () -> b.next(Tensor.zeros(10, 8, 8, 1), new int[10]));
      assertThrows(IllegalArgumentException.class, () -> b.next(Tensor.zeros(9, 8, 8, 3), new int[10]));
    }
  }

  @Test
  void validationSplitAndNormalisation() {
    Dataset d = data();
    Dataset.Split s = d.splitValidation(0.1);
    assertEquals(93, s.train().size());
    assertEquals(10, s.validation().size());
    assertEquals(d.label(95), s.validation().label(2));
    assertEquals(d.pixel(95, 1, 2, 1), s.validation().pixel(2, 1, 2, 1));
    Normalization n = Normalization.compute(d);
    assertEquals(n, Normalization.parse(n.format()));
    assertNotEquals(Normalization.identity(3), n);
    assertThrows(IllegalArgumentException.class, () -> d.splitValidation(1.0));
  }
}
