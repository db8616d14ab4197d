package dev.cnnc.runtime.data;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory labelled image set: samples in NHWC order, labels in [0, numClasses).
 *
 * <p>Pixels are kept as the source's unsigned bytes and turned into normalised floats
 * ({@code (byte / 255 - mean) / std}) only when a batch is filled: that is 4× less memory than a
 * float copy (CIFAR-10's train split is 150 MB instead of 600 MB), the conversion is a table lookup,
 * and augmentation can work on [0, 1] values (zero padding is black, as in torchvision).
 *
 * <p>Subsets and splits are views sharing the arrays; nothing here is mutated after construction,
 * so a data set may be read by several threads.
 */
public final class Dataset {
  private final byte[] pixels;
  private final byte[] labels;
  private final int first;
  private final int count;
  private final int h;
  private final int w;
  private final int c;
  private final List<String> classNames;
  private final Normalization norm;

  private Dataset(byte[] pixels, byte[] labels, int first, int count, int h, int w, int c,
      List<String> classNames, Normalization norm) {
    this.pixels = pixels;
    this.labels = labels;
    this.first = first;
    this.count = count;
    this.h = h;
    this.w = w;
    this.c = c;
    this.classNames = List.copyOf(classNames);
    this.norm = norm;
  }

  /**
   * A data set over unsigned-byte HWC pixels ({@code labels.length * h * w * c} bytes) and labels,
   * normalised with {@link Normalization#identity} until {@link #withNormalization} is called.
   */
  public static Dataset of(byte[] pixels, byte[] labels, int h, int w, int c, List<String> classNames) {
    if ((long) labels.length * h * w * c != pixels.length) {
      throw new IllegalArgumentException("expected " + (long) labels.length * h * w * c
          + " pixel bytes for " + labels.length + " samples of " + h + "×" + w + "×" + c
          + ", found " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xff) >= classNames.size()) {
        throw new IllegalArgumentException("label " + (labels[i] & 0xff) + " of sample " + i
            + " out of range: expected 0.." + (classNames.size() - 1));
      }
    }
    return new Dataset(pixels, labels, 0, labels.length, h, w, c, classNames, Normalization.identity(c));
  }

  /** Class names "0", "1", … for sources that carry none. */
  public static List<String> numberedClasses(int n) {
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  public int size() {
    return count;
  }

  public int height() {
    return h;
  }

  public int width() {
    return w;
  }

  public int channels() {
    return c;
  }

  /** Floats per sample, h·w·c. */
  public int sampleSize() {
    return h * w * c;
  }

  public int numClasses() {
    return classNames.size();
  }

  public List<String> classNames() {
    return classNames;
  }

  public Normalization normalization() {
    return norm;
  }

  public int label(int i) {
    return labels[first + check(i)] & 0xff;
  }

  /** The raw byte (0..255) of pixel (y, x, ch) of sample i. */
  public int pixel(int i, int y, int x, int ch) {
    return pixels[(first + check(i)) * sampleSize() + (y * w + x) * c + ch] & 0xff;
  }

  public Dataset withNormalization(Normalization n) {
    if (n.channels() != c) {
      throw new IllegalArgumentException("normalisation has " + n.channels()
          + " channels, data set has " + c);
    }
    return new Dataset(pixels, labels, first, count, h, w, c, classNames, n);
  }

  /** Samples [from, to) as a view with the same normalisation. */
  public Dataset subset(int from, int to) {
    if (from < 0 || to < from || to > count) {
      throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + count + " samples");
    }
    return new Dataset(pixels, labels, first + from, to - from, h, w, c, classNames, norm);
  }

  /** A training part and the validation part made of the last {@code fraction} of the samples. */
  public record Split(Dataset train, Dataset validation) {}

  /**
   * Holds out the last {@code round(size · fraction)} samples for validation. Deterministic (no
   * shuffling) so a resumed run validates on the same samples.
   */
  public Split splitValidation(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
    }
    int val = (int) Math.round(count * fraction);
    return new Split(subset(0, count - val), subset(count - val, count));
  }

  /** Writes sample i as normalised floats (HWC) into dst[off …]. */
  public void copySample(int i, float[] dst, int off) {
    copySample(i, dst, off, norm.table());
  }

  void copySample(int i, float[] dst, int off, float[] table) {
    int n = sampleSize();
    int src = (first + check(i)) * n;
    if (c == 1) {
      for (int k = 0; k < n; k++) {
        dst[off + k] = table[pixels[src + k] & 0xff];
      }
    } else {
      for (int k = 0; k < n; k++) {
        dst[off + k] = table[(k % c) * 256 + (pixels[src + k] & 0xff)];
      }
    }
  }

  /** Writes sample i as [0, 1] floats (not normalised) for augmentation. */
  void copyUnit(int i, float[] dst, int off) {
    int n = sampleSize();
    int src = (first + check(i)) * n;
    for (int k = 0; k < n; k++) {
      dst[off + k] = (pixels[src + k] & 0xff) * (1f / 255f);
    }
  }

  /** Counts of each byte value per channel, hist[ch * 256 + v]. */
  void histogram(long[] hist) {
    int n = sampleSize();
    int from = first * n;
    int to = (first + count) * n;
    for (int k = from; k < to; k++) {
      hist[((k - from) % c) * 256 + (pixels[k] & 0xff)]++;
    }
  }

  private int check(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("sample " + i + " of " + count);
    }
    return i;
  }

  @Override
  public String toString() {
    return "Dataset[" + count + " × " + h + "×" + w + "×" + c + ", " + classNames.size() + " classes]";
  }
}
