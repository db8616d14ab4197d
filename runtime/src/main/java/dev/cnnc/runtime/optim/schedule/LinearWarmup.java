package dev.cnnc.runtime.optim.schedule;

/**
 * Linear warm-up in front of another schedule: for t &lt; warmup, lr rises linearly from
 * startFactor · after(0) to after(0) (PyTorch {@code LinearLR} shape); afterwards
 * lr = after(t − warmup), so the wrapped schedule starts its own clock when warm-up ends.
 */
public final class LinearWarmup implements LrSchedule {
  private final LrSchedule after;
  private final long warmup;
  private final float startFactor;

  public LinearWarmup(LrSchedule after, long warmup, float startFactor) {
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up length must not be negative");
    }
    this.after = after;
    this.warmup = warmup;
    this.startFactor = startFactor;
  }

  @Override
  public float at(long t) {
    if (t >= warmup) {
      return after.at(t - warmup);
    }
    double f = startFactor + (1.0 - startFactor) * t / warmup;
    return (float) (f * after.at(0));
  }
}
