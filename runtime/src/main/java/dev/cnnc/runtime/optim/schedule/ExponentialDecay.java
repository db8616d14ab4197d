package dev.cnnc.runtime.optim.schedule;

/**
 * lr = base · rate^(t / period), continuous, or with ⌊t / period⌋ when staircase (Keras
 * {@code ExponentialDecay}); period 1 gives PyTorch's {@code ExponentialLR} (lr = base · γ^t).
 */
public final class ExponentialDecay implements LrSchedule {
  private final float base;
  private final float rate;
  private final long period;
  private final boolean staircase;

  public ExponentialDecay(float base, float rate, long period, boolean staircase) {
    if (period < 1) {
      throw new IllegalArgumentException("decay period must be positive");
    }
    this.base = base;
    this.rate = rate;
    this.period = period;
    this.staircase = staircase;
  }

  /** PyTorch {@code ExponentialLR}: base · gamma^t. */
  public ExponentialDecay(float base, float gamma) {
    this(base, gamma, 1, false);
  }

  @Override
  public float at(long t) {
    double e = staircase ? Math.floorDiv(t, period) : (double) t / period;
    return (float) (base * Math.pow(rate, e));
  }
}
