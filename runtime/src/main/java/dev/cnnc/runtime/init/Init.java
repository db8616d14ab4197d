package dev.cnnc.runtime.init;

import dev.cnnc.runtime.tensor.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Weight initialisers. Each fills an array sequentially from one {@link SplittableRandom} seeded by
 * the caller, so the values depend only on (scheme, fans, seed, length) and never on the thread
 * count. Fans are given explicitly: for a convolution fanIn = kh·kw·cin/groups and fanOut =
 * kh·kw·cout/groups; for a dense layer fanIn = in, fanOut = out.
 *
 * <p>Variances: He (Kaiming) 2/fanIn, Glorot (Xavier) 2/(fanIn + fanOut), LeCun 1/fanIn. A uniform
 * scheme draws from [−√(3·var), √(3·var)); a normal scheme from N(0, var) (not truncated).
 */
public final class Init {
  /** The supported schemes. */
  public enum Scheme {
    HE_UNIFORM,
    HE_NORMAL,
    GLOROT_UNIFORM,
    GLOROT_NORMAL,
    LECUN_UNIFORM,
    LECUN_NORMAL
  }

  private Init() {}

  /** The variance a scheme targets for the given fans. */
  public static double variance(Scheme scheme, int fanIn, int fanOut) {
    if (fanIn < 1 || fanOut < 1) {
      throw new IllegalArgumentException("fans must be >= 1, got " + fanIn + ", " + fanOut);
    }
    return switch (scheme) {
      case HE_UNIFORM, HE_NORMAL -> 2.0 / fanIn;
      case GLOROT_UNIFORM, GLOROT_NORMAL -> 2.0 / (fanIn + fanOut);
      case LECUN_UNIFORM, LECUN_NORMAL -> 1.0 / fanIn;
    };
  }

  /** Fills dst[off, off + len) by the scheme. */
  public static void fill(float[] dst, int off, int len, Scheme scheme, int fanIn, int fanOut,
      long seed) {
    double var = variance(scheme, fanIn, fanOut);
    SplittableRandom r = new SplittableRandom(seed);
    boolean uniform = scheme == Scheme.HE_UNIFORM || scheme == Scheme.GLOROT_UNIFORM
        || scheme == Scheme.LECUN_UNIFORM;
    if (uniform) {
      double limit = Math.sqrt(3 * var);
      for (int i = off; i < off + len; i++) {
        dst[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
      }
    } else {
      double std = Math.sqrt(var);
      for (int i = off; i < off + len; i++) {
        dst[i] = (float) (r.nextGaussian() * std);
      }
    }
  }

  /** Fills a parameter's values by the scheme. */
  public static void fill(Parameter p, Scheme scheme, int fanIn, int fanOut, long seed) {
    fill(p.value, 0, p.size(), scheme, fanIn, fanOut, seed);
  }

  /** Sets every value of p to v (biases usually start at 0). */
  public static void constant(Parameter p, float v) {
    Arrays.fill(p.value, v);
  }

  /**
   * A per-parameter seed derived from a run seed and the parameter's name, so adding a layer does not
   * shift every other layer's draw.
   */
  public static long seedFor(long runSeed, String parameterName) {
    long h = runSeed;
    for (int i = 0; i < parameterName.length(); i++) {
      h = (h ^ parameterName.charAt(i)) * 0x100000001b3L;
    }
    return new SplittableRandom(h).nextLong();
  }
}
