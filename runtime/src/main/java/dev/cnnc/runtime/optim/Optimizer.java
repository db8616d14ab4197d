package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Updates trainable parameters from their accumulated gradients; non-trainable parameters are
 * skipped. The training loop zeroes gradients itself (the optimiser never does).
 *
 * <p>Checkpoint state is the step count plus named float arrays {@code <parameter>.<slot>}
 * (e.g. {@code conv1.weight.exp_avg}); slots are created on a parameter's first update, so the
 * state is empty before the first step.
 */
public interface Optimizer {
  /** One update of every trainable parameter in the list; increments {@link #stepCount()}. */
  void step(List<Parameter> params);

  float learningRate();

  /** Schedules call this before each step (or epoch). */
  void setLearningRate(float lr);

  /** Number of completed {@link #step} calls (Adam's t). */
  long stepCount();

  /** A copy of the named state arrays, in creation order. */
  Map<String, float[]> state();

  /** Replaces all state with copies of the given arrays and sets the step count. */
  void restore(Map<String, float[]> state, long stepCount);
}
