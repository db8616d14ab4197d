package dev.cnnc.runtime.optim.schedule;

/** lr = base · gamma^⌊t / stepSize⌋ (PyTorch {@code StepLR}). */
public final class StepDecay implements LrSchedule {
  private final float base;
  private final long stepSize;
  private final float gamma;

  public StepDecay(float base, long stepSize, float gamma) {
    if (stepSize < 1) {
      throw new IllegalArgumentException("step size must be positive");
    }
    this.base = base;
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  @Override
  public float at(long t) {
    return (float) (base * Math.pow(gamma, Math.floorDiv(t, stepSize)));
  }
}
