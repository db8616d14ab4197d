package dev.cnnc.runtime.tensor;

/**
 * A float32 view of an activation batch in NHWC layout: element (n, y, x, c) lives at
 * {@code offset + ((n * h + y) * w + x) * c + c}. A 1-D activation (after FLATTEN or FC) is a
 * tensor with {@code h = w = 1}.
 *
 * <p>Why NHWC: the channel axis is innermost, so a convolution over a patch is a dot product over
 * contiguous channels, a 1×1 convolution is a plain GEMM, and FC after FLATTEN needs no transpose.
 * Views never copy: the code generator plans one arena of buffers and hands out views into it.
 */
public final class Tensor {
  public final float[] data;
  public final int offset;
  public final int n;
  public final int h;
  public final int w;
  public final int c;

  public Tensor(float[] data, int offset, int n, int h, int w, int c) {
    if (n < 0 || h < 1 || w < 1 || c < 1) {
      throw new IllegalArgumentException("bad tensor shape " + n + "x" + h + "x" + w + "x" + c);
    }
    if (offset < 0 || offset + (long) n * h * w * c > data.length) {
      throw new IllegalArgumentException("view [" + offset + ", +" + (long) n * h * w * c
          + ") exceeds a buffer of " + data.length + " floats");
    }
    this.data = data;
    this.offset = offset;
    this.n = n;
    this.h = h;
    this.w = w;
    this.c = c;
  }

  /** A fresh zero-filled tensor. */
  public static Tensor zeros(int n, int h, int w, int c) {
    return new Tensor(new float[n * h * w * c], 0, n, h, w, c);
  }

  /** A fresh zero-filled 1-D batch (h = w = 1). */
  public static Tensor vector(int n, int c) {
    return zeros(n, 1, 1, c);
  }

  /** Floats per sample. */
  public int sampleSize() {
    return h * w * c;
  }

  /** Floats in the whole view. */
  public int size() {
    return n * h * w * c;
  }

  /** Index into {@link #data} of (n, y, x, ch). */
  public int index(int b, int y, int x, int ch) {
    return offset + ((b * h + y) * w + x) * c + ch;
  }

  public float get(int b, int y, int x, int ch) {
    return data[index(b, y, x, ch)];
  }

  public void set(int b, int y, int x, int ch, float v) {
    data[index(b, y, x, ch)] = v;
  }

  /** The same buffer seen with another batch size (must fit). */
  public Tensor withBatch(int batch) {
    return new Tensor(data, offset, batch, h, w, c);
  }

  /** The same floats seen with another per-sample shape of equal size (FLATTEN is this). */
  public Tensor reshape(int nh, int nw, int nc) {
    if (nh * nw * nc != h * w * c) {
      throw new IllegalArgumentException("cannot reshape " + h + "x" + w + "x" + c + " to " + nh + "x" + nw + "x" + nc);
    }
    return new Tensor(data, offset, n, nh, nw, nc);
  }

  /** Samples [from, from + count) as a view. */
  public Tensor slice(int from, int count) {
    return new Tensor(data, offset + from * sampleSize(), count, h, w, c);
  }

  public void fill(float v) {
    java.util.Arrays.fill(data, offset, offset + size(), v);
  }

  public void copyFrom(Tensor src) {
    if (src.size() != size()) {
      throw new IllegalArgumentException("size mismatch " + src.size() + " vs " + size());
    }
    System.arraycopy(src.data, src.offset, data, offset, size());
  }

  @Override
  public String toString() {
    return "Tensor[" + n + "x" + h + "x" + w + "x" + c + "]";
  }
}
