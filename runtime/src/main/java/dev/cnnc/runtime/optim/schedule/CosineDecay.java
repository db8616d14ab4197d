package dev.cnnc.runtime.optim.schedule;

/**
 * lr = min + (base − min) · ½ (1 + cos(π · t / total)) for t ≤ total, then min (PyTorch
 * {@code CosineAnnealingLR} closed form without restarts).
 */
public final class CosineDecay implements LrSchedule {
  private final float base;
  private final float min;
  private final long total;

  public CosineDecay(float base, long total, float min) {
    if (total < 1) {
      throw new IllegalArgumentException("cosine period must be positive");
    }
    this.base = base;
    this.min = min;
    this.total = total;
  }

  @Override
  public float at(long t) {
    if (t >= total) {
      return min;
    }
    return (float) (min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * t / total)));
  }
}
