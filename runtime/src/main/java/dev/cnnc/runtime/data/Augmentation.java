package dev.cnnc.runtime.data;

import java.util.SplittableRandom;

/**
 * Random training-time distortions, applied to [0, 1] pixel values before normalisation:
 * a shift of up to {@code shift} pixels in each direction with zero (black) padding — equivalent to
 * torchvision's {@code RandomCrop(size, padding=shift)} —, a horizontal flip with probability ½,
 * brightness {@code + U(-brightness, brightness)} and contrast {@code · U(1-contrast, 1+contrast)}
 * around the image's mean, clamped to [0, 1].
 *
 * <p>Every sample's draws come from its own generator seeded by (seed, epoch, sample index), so the
 * result depends neither on batch order nor on thread count nor on prefetch timing.
 */
public record Augmentation(int shift, boolean flip, float brightness, float contrast) {
  public static final Augmentation NONE = new Augmentation(0, false, 0f, 0f);

  public Augmentation {
    if (shift < 0 || brightness < 0 || contrast < 0 || contrast >= 1) {
      throw new IllegalArgumentException("bad augmentation: shift ≥ 0, brightness ≥ 0, 0 ≤ contrast < 1 expected,"
          + " found shift=" + shift + " brightness=" + brightness + " contrast=" + contrast);
    }
  }

  public boolean isNone() {
    return shift == 0 && !flip && brightness == 0 && contrast == 0;
  }

  /** The CLI form that {@link #parse} reads back, e.g. {@code shift=2,flip}. */
  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    java.util.StringJoiner j = new java.util.StringJoiner(",");
    if (shift > 0) {
      j.add("shift=" + shift);
    }
    if (flip) {
      j.add("flip");
    }
    if (brightness > 0) {
      j.add("brightness=" + brightness);
    }
    if (contrast > 0) {
      j.add("contrast=" + contrast);
    }
    return j.toString();
  }

  /**
   * Parses the CLI form: {@code none}, or comma-separated {@code shift=4}, {@code flip},
   * {@code brightness=0.2}, {@code contrast=0.2}.
   */
  public static Augmentation parse(String text) {
    String t = text.trim();
    if (t.isEmpty() || t.equals("none")) {
      return NONE;
    }
    int shift = 0;
    boolean flip = false;
    float brightness = 0;
    float contrast = 0;
    for (String part : t.split(",")) {
      String[] kv = part.trim().split("=", 2);
      try {
        switch (kv[0]) {
          case "flip" -> flip = kv.length == 1 || Boolean.parseBoolean(kv[1]);
          case "shift", "crop" -> shift = Integer.parseInt(kv[1]);
          case "brightness" -> brightness = Float.parseFloat(kv[1]);
          case "contrast" -> contrast = Float.parseFloat(kv[1]);
          default -> throw new IllegalArgumentException("unknown augmentation '" + kv[0] + "'");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad augmentation '" + text
            + "': expected none or shift=N,flip,brightness=F,contrast=F (" + e.getMessage() + ")", e);
      }
    }
    return new Augmentation(shift, flip, brightness, contrast);
  }

  /** Writes the distorted src (h×w×c, [0, 1]) into dst[off …], drawing from the given seed. */
  void apply(float[] src, float[] dst, int off, int h, int w, int c, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    // Always draw in the same order so enabling one distortion does not change the others.
    int dy = rng.nextInt(2 * shift + 1) - shift;
    int dx = rng.nextInt(2 * shift + 1) - shift;
    boolean mirror = rng.nextBoolean() && flip;
    float b = (float) (rng.nextDouble() * 2 - 1) * brightness;
    float k = 1 + (float) (rng.nextDouble() * 2 - 1) * contrast;
    double sum = 0;
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      for (int x = 0; x < w; x++) {
        int sx = (mirror ? w - 1 - x : x) + dx;
        int o = off + (y * w + x) * c;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
          for (int ch = 0; ch < c; ch++) {
            dst[o + ch] = 0f;
          }
        } else {
          int s = (sy * w + sx) * c;
          for (int ch = 0; ch < c; ch++) {
            dst[o + ch] = src[s + ch];
            sum += src[s + ch];
          }
        }
      }
    }
    if (b == 0f && k == 1f) {
      return;
    }
    int n = h * w * c;
    float mean = (float) (sum / n);
    for (int i = off; i < off + n; i++) {
      float v = (dst[i] - mean) * k + mean + b;
      dst[i] = v < 0f ? 0f : (v > 1f ? 1f : v);
    }
  }
}
