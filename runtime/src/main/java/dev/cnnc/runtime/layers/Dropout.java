package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
 * 1/(1 − p); at inference the layer is the identity.
 *
 * <p>Determinism: the keep/drop decision of element i of sample b at step t is a counter-based
 * hash of (seed, t, b, i) — no sequential RNG — so a given seed and step give the same mask for
 * any thread count or chunking. The step counter advances once per training forward; backward
 * recomputes the mask of the last training forward. The RNG state for checkpoints is
 * {@link #rngState()} = {seed, step}, restored with {@link #restoreRngState(long[])}.
 */
public final class Dropout implements Layer {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int size;
  private final float p;
  private final float scale;
  /** Keep element iff its 24-bit uniform draw ≥ this (p scaled to 2^24). */
  private final int threshold;
  private long seed;
  private long step;
  private long lastStep = -1;
  private boolean lastTraining;

  public Dropout(int h, int w, int c, float p, long seed) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
    }
    this.size = h * w * c;
    this.p = p;
    this.scale = 1f / (1f - p);
    this.threshold = (int) Math.round(p * (double) (1 << 24));
    this.seed = seed;
  }

  public float rate() {
    return p;
  }

  /** Number of training forwards so far: the step the next training forward will use. */
  public long step() {
    return step;
  }

  /** {seed, step}: everything needed to continue the same mask sequence. */
  public long[] rngState() {
    return new long[] {seed, step};
  }

  public void restoreRngState(long[] state) {
    if (state.length != 2) {
      throw new IllegalArgumentException("dropout RNG state is {seed, step}");
    }
    seed = state[0];
    step = state[1];
    lastStep = -1;
  }

  /** SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Base of the hash stream of sample b at step t. */
  private long streamBase(long t, int b) {
    return mix(mix(seed ^ mix(t * GOLDEN + 1)) + b * GOLDEN);
  }

  private boolean kept(long base, int i) {
    return (int) (mix(base + i * GOLDEN) >>> 40) >= threshold;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSize(in, size, "Dropout input");
    Simd.checkSize(out, size, "Dropout output");
    Simd.checkBatch(in, out);
    lastTraining = training && p > 0f;
    if (!lastTraining) {
      if (in.data != out.data || in.offset != out.offset) {
        out.copyFrom(in);
      }
      return;
    }
    final long t = step++;
    lastStep = t;
    Simd.forBatch(in.n, size, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        long base = streamBase(t, b);
        int x = in.offset + b * size;
        int y = out.offset + b * size;
        for (int i = 0; i < size; i++) {
          out.data[y + i] = kept(base, i) ? in.data[x + i] * scale : 0f;
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSize(dOut, size, "Dropout dOut");
    Simd.checkSize(dIn, size, "Dropout dIn");
    if (!lastTraining) {
      if (dIn.data != dOut.data || dIn.offset != dOut.offset) {
        dIn.copyFrom(dOut);
      }
      return;
    }
    if (lastStep < 0) {
      throw new IllegalStateException("Dropout backward without a training forward");
    }
    final long t = lastStep;
    Simd.forBatch(dOut.n, size, (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        long base = streamBase(t, b);
        int g = dOut.offset + b * size;
        int d = dIn.offset + b * size;
        for (int i = 0; i < size; i++) {
          dIn.data[d + i] = kept(base, i) ? dOut.data[g + i] * scale : 0f;
        }
      }
    });
  }
}
