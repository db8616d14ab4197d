package dev.cnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauTest {
  @Test
  void dividesTheRateAfterPatienceEpochsWithoutImprovement() {
    Plateau p = ScheduleSpec.parse("plateau(factor=0.1, patience=1)").plateau();
    assertFalse(p.epochEnded(1.0));   // new best
    assertFalse(p.epochEnded(0.8));   // new best
    assertFalse(p.epochEnded(0.85));  // 1 bad epoch: within patience
    assertTrue(p.epochEnded(0.80));   // 2 bad epochs (0.80 is no improvement on 0.8): divide
    assertEquals(0.1, p.scale(), 1e-12);
    assertEquals(0.001f, p.apply(0.01f), 1e-9f);
    assertFalse(p.epochEnded(0.5));   // improves again: no change
    assertEquals(0.1, p.scale(), 1e-12);
  }

  @Test
  void stateSurvivesACheckpointExactly() {
    Plateau a = ScheduleSpec.parse("plateau").plateau();
    for (double loss : new double[] {1, 0.9, 0.95, 0.97, 0.96, 0.99, 0.98, 0.97}) {
      a.epochEnded(loss);
    }
    Plateau b = ScheduleSpec.parse("plateau").plateau();
    b.restore(a.format());
    assertEquals(a.format(), b.format());
    assertEquals(a.epochEnded(0.99), b.epochEnded(0.99));
    assertEquals(a.scale(), b.scale());
  }

  @Test
  void parsesCombinesAndRejects() {
    assertNull(ScheduleSpec.parse("cosine").plateau());
    assertEquals("warmup(epochs=1) + plateau(factor=0.5)", ScheduleSpec.parse("warmup(epochs=1) + plateau(factor=0.5)").toString());
    assertThrows(TrainConfigException.class, () -> ScheduleSpec.parse("plateau(factor=2)"));
    assertThrows(TrainConfigException.class, () -> ScheduleSpec.parse("plateau + cosine"));
    assertThrows(TrainConfigException.class, () -> ScheduleSpec.parse("plateau(gamma=0.1)"));
  }
}
