package dev.cnnc.cli.commands;

import dev.cnnc.cli.UsageException;
import dev.cnnc.runtime.parallel.Parallel;

/** Small pieces eval and predict share. */
final class Inference {
  private Inference() {}

  static void threads(Integer n) {
    if (n != null) {
      if (n < 1) {
        throw new UsageException("--threads must be at least 1, got " + n);
      }
      Parallel.setThreads(n);
    }
  }
}
