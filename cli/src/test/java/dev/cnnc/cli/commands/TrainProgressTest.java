package dev.cnnc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Without a terminal, progress comes as plain lines, throttled, with the epoch's remaining time. */
class TrainProgressTest {
  private static TrainingListener.Start start() {
    return new TrainingListener.Start("Net", 2, 1, 0, 100, 3200, 0, 0, 2, "batch=32");
  }

  private static TrainingListener.Step step(int batch) {
    return new TrainingListener.Step(1, 2, batch, 100, batch, 0.5, 0.75, 320.0, 0.001);
  }

  @Test
  void linesShowStepLossAccuracySpeedAndTimeLeft() {
    StringWriter out = new StringWriter();
    TrainProgress p = new TrainProgress(TrainProgress.Mode.LINES, new PrintWriter(out),
        new PrintStream(new ByteArrayOutputStream()), 0);
    p.started(start());
    p.step(step(40));
    String text = out.toString();
    // 60 steps of 32 images left at 320 img/s: 6 s.
    assertTrue(text.contains("  epoch 1/2 step 40/100 (40%) loss 0.5000 acc 75.00% 320 img/s, epoch ends in 6 s"),
        text);
  }

  @Test
  void linesAreThrottled() {
    StringWriter out = new StringWriter();
    TrainProgress p = new TrainProgress(TrainProgress.Mode.LINES, new PrintWriter(out),
        new PrintStream(new ByteArrayOutputStream()), TrainProgress.LINE_INTERVAL_NANOS);
    p.started(start());
    for (int b = 1; b < 100; b++) {
      p.step(step(b));
    }
    assertEquals(1, out.toString().lines().count(), out.toString()); // only the start line
  }
}
