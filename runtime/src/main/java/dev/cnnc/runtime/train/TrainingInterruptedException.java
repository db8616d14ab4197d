package dev.cnnc.runtime.train;

/**
 * Training stopped on request (Ctrl-C, SIGTERM) at a batch boundary; the state was saved to the
 * checkpoint first, so {@code --resume} continues exactly there. The CLI exits with code 130.
 */
public final class TrainingInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingInterruptedException(String message) {
    super(message);
  }
}
