package dev.cnnc.runtime.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel affine map applied after scaling bytes to [0, 1]: {@code (x / 255 - mean[c]) / std[c]}.
 * Computed on a training split (so the test split is normalised with the same numbers) or given,
 * e.g. from a checkpoint's metadata via {@link #parse(String)}.
 */
public final class Normalization {
  private final float[] mean;
  private final float[] std;
  private final float[] table;

  private Normalization(float[] mean, float[] std) {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std need one value per channel, got "
          + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
    this.table = buildTable();
  }

  public static Normalization of(float[] mean, float[] std) {
    return new Normalization(mean, std);
  }

  /** Only the scaling to [0, 1]. */
  public static Normalization identity(int channels) {
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Normalization(new float[channels], ones);
  }

  /** Mean and standard deviation of every channel of a data set, in [0, 1] units. */
  public static Normalization compute(Dataset data) {
    int c = data.channels();
    double[] sum = new double[c];
    double[] sq = new double[c];
    long[] hist = new long[256 * c];
    data.histogram(hist);
    for (int ch = 0; ch < c; ch++) {
      for (int v = 0; v < 256; v++) {
        long k = hist[ch * 256 + v];
        sum[ch] += k * (double) v;
        sq[ch] += k * (double) v * v;
      }
    }
    long perChannel = (long) data.size() * data.height() * data.width();
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double m = perChannel == 0 ? 0 : sum[ch] / perChannel;
      double var = perChannel == 0 ? 1 : sq[ch] / perChannel - m * m;
      mean[ch] = (float) (m / 255);
      // A constant channel would divide by zero; leave it unscaled instead.
      std[ch] = var > 1e-12 ? (float) (Math.sqrt(var) / 255) : 1f;
    }
    return new Normalization(mean, std);
  }

  public int channels() {
    return mean.length;
  }

  public float[] mean() {
    return mean.clone();
  }

  public float[] std() {
    return std.clone();
  }

  /** The normalised float of a channel-ch value already scaled to [0, 1]. */
  public float apply(int ch, float unit) {
    return (unit - mean[ch]) / std[ch];
  }

  /** Lookup table [ch * 256 + byte] → normalised float, the fast path of batch filling. Shared: do not modify. */
  float[] table() {
    return table;
  }

  private float[] buildTable() {
    float[] t = new float[256 * mean.length];
    for (int ch = 0; ch < mean.length; ch++) {
      for (int v = 0; v < 256; v++) {
        t[ch * 256 + v] = apply(ch, v / 255f);
      }
    }
    return t;
  }

  /** "mean=0.2860;std=0.3530" (comma-separated per channel); round-trips through {@link #parse}. */
  public String format() {
    return "mean=" + join(mean) + ";std=" + join(std);
  }

  public static Normalization parse(String text) {
    float[] m = null;
    float[] s = null;
    for (String part : text.split(";")) {
      String[] kv = part.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("mean")) {
        m = floats(kv[1]);
      } else if (kv.length == 2 && kv[0].trim().equals("std")) {
        s = floats(kv[1]);
      } else {
        throw new IllegalArgumentException("bad normalisation '" + text + "': expected mean=…;std=…");
      }
    }
    if (m == null || s == null) {
      throw new IllegalArgumentException("bad normalisation '" + text + "': expected mean=…;std=…");
    }
    return new Normalization(m, s);
  }

  private static float[] floats(String csv) {
    String[] parts = csv.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }

  private static String join(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(Float.toString(v[i]));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Normalization[%s]", format());
  }
}
