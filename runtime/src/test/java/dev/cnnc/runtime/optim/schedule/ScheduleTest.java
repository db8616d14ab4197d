package dev.cnnc.runtime.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void stepAndExponential() {
    StepDecay step = new StepDecay(0.1f, 30, 0.1f);
    assertEquals(0.1f, step.at(0), 1e-9);
    assertEquals(0.1f, step.at(29), 1e-9);
    assertEquals(0.01f, step.at(30), 1e-9);
    assertEquals(0.001f, step.at(60), 1e-9);
    assertEquals(0.1 * Math.pow(0.9, 5), new ExponentialDecay(0.1f, 0.9f).at(5), 1e-8);
    ExponentialDecay keras = new ExponentialDecay(1f, 0.5f, 10, true);
    assertEquals(1f, keras.at(9));
    assertEquals(0.5f, keras.at(10));
    assertEquals(Math.pow(0.5, 0.5), new ExponentialDecay(1f, 0.5f, 10, false).at(5), 1e-6);
  }

  @Test
  void cosineAndWarmup() {
    CosineDecay cos = new CosineDecay(1f, 100, 0.1f);
    assertEquals(1f, cos.at(0), 1e-7);
    assertEquals(0.55f, cos.at(50), 1e-6);
    assertEquals(0.1f, cos.at(100), 1e-7);
    assertEquals(0.1f, cos.at(500), 1e-7);
    LinearWarmup warm = new LinearWarmup(cos, 10, 0.1f);
    assertEquals(0.1f, warm.at(0), 1e-7);
    assertEquals(0.55f, warm.at(5), 1e-6);
    assertEquals(1f, warm.at(10), 1e-7);
    assertEquals(cos.at(50), warm.at(60), 1e-7);
    assertEquals(0.3f, LrSchedule.constant(0.3f).at(1000));
  }
}
