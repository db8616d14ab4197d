package dev.cnnc.runtime.optim.schedule;

/**
 * A learning rate as a pure function of a counter (step or epoch — the caller picks which and
 * passes it consistently, counting from 0). The training loop calls
 * {@code optimizer.setLearningRate(schedule.at(t))} before each step or epoch.
 */
@FunctionalInterface
public interface LrSchedule {
  float at(long t);

  static LrSchedule constant(float lr) {
    return t -> lr;
  }
}
