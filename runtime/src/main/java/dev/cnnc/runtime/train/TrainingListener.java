package dev.cnnc.runtime.train;

/**
 * What the {@link Trainer} reports while it runs; the CLI draws a progress bar from it, tests
 * collect it. Called on the training thread; every method has a no-op default.
 */
public interface TrainingListener {
  /** The run as it starts (after a resume: where it resumes). Epochs count from 1. */
  record Start(String network, int epochs, int firstEpoch, int firstBatch, int stepsPerEpoch,
      int trainSamples, int validationSamples, int testSamples, int threads, String config) {}

  /** After each training step: running means over the epoch so far. */
  record Step(int epoch, int epochs, int batch, int batches, long step, double loss, double accuracy,
      double imgPerSec, double lr) {}

  TrainingListener NONE = new TrainingListener() {};

  default void started(Start start) {}

  default void step(Step step) {}

  /** Evaluation on the validation/test split is about to run (a pause of the progress). */
  default void evaluating(int epoch, String split) {}

  default void epochEnded(EpochMetrics metrics, int epochs) {}

  /** A note for the user (resumed from …, saved …). */
  default void message(String text) {}

  /** Always called last, also after a failure (close progress bars here). */
  default void finished() {}
}
