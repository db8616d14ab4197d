package dev.cnnc.runtime.train;

/**
 * The loss (or the gradient norm) became NaN or infinite. Training stopped before the bad update,
 * and the last checkpoint written (end of the previous epoch) is kept. The CLI exits with code 4.
 */
public final class DivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int epoch;

  public DivergedException(String message, long step, int epoch) {
    super(message);
    this.step = step;
    this.epoch = epoch;
  }

  /** The global step (from 1) whose loss was not finite. */
  public long step() {
    return step;
  }

  /** The epoch (from 1) it happened in. */
  public int epoch() {
    return epoch;
  }
}
