package dev.cnnc.compiler.shapes;

/**
 * One spatial axis of a sliding window: input size {@code in}, kernel {@code k}, stride {@code s},
 * dilation {@code d}, padding {@code lo} before and {@code hi} after.
 */
public record Axis(String name, int in, int k, int s, int d, int lo, int hi) {
  /** The extent the dilated kernel covers: d·(k − 1) + 1. */
  public int effectiveKernel() {
    return clamp((long) d * (k - 1) + 1);
  }

  /** Absurd arguments (a dilation of 10^9) must give absurd sizes, not wrapped-around ones. */
  static int clamp(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  /** The numerator of the output formula: in − (d·(k−1)+1) + lo + hi (negative: window too big). */
  public long span() {
    return (long) in - effectiveKernel() + (long) lo + hi;
  }

  public boolean exact() {
    return span() >= 0 && span() % s == 0;
  }

  public int floor() {
    return clamp(span() / s + 1);
  }

  /**
   * Ceil mode with PyTorch's correction: a last window that would start in the right padding is
   * dropped.
   */
  public int ceil() {
    int out = clamp((span() + s - 1) / s + 1);
    if ((long) (out - 1) * s >= (long) in + lo) {
      out--;
    }
    return out;
  }

  /** "(224 − 11 + 0)/4 + 1", the formula with the numbers in. */
  public String formula() {
    return "(" + in + " − " + effectiveKernel() + " + " + (lo + hi) + ")/" + s + " + 1";
  }

  /** The exact value of the formula as a decimal: 54.25, 3.5, or ≈ 3.333 when it does not terminate. */
  public String exactValue() {
    java.math.BigDecimal num = java.math.BigDecimal.valueOf(span());
    java.math.BigDecimal den = java.math.BigDecimal.valueOf(s);
    try {
      return num.divide(den).add(java.math.BigDecimal.ONE).stripTrailingZeros().toPlainString();
    } catch (ArithmeticException nonTerminating) {
      return "≈ " + num.divide(den, 3, java.math.RoundingMode.HALF_EVEN).add(java.math.BigDecimal.ONE).toPlainString();
    }
  }

  public Axis withIn(int newIn) {
    return new Axis(name, newIn, k, s, d, lo, hi);
  }

  public Axis withPad(int newLo, int newHi) {
    return new Axis(name, in, k, s, d, newLo, newHi);
  }

  /** TensorFlow/Keras 'same': out = ceil(in / s), the odd padding pixel after. */
  public Axis same() {
    long out = ((long) in + s - 1) / s;
    long total = Math.max((out - 1) * s + effectiveKernel() - in, 0);
    return withPad(clamp(total / 2), clamp(total - total / 2));
  }

  /** Real input rows at the end that no window reads under floor rounding. */
  public int unreadAtEnd() {
    long end = (long) (floor() - 1) * s + effectiveKernel() - lo;
    return (int) Math.max(0, in - end);
  }
}
