package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.ModelLoader;
import dev.cnnc.cli.UsageException;
import dev.cnnc.runtime.train.DivergedException;
import dev.cnnc.runtime.train.TrainConfigException;
import dev.cnnc.runtime.train.TrainingInterruptedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/**
 * Maps the failures of train, eval and predict to a message and an exit code: spec errors 1, bad
 * settings 2, files 3, divergence 4, interruption 130. Anything else is a bug and propagates to
 * Main's handler (exit 70).
 */
final class Failures {
  private Failures() {}

  @FunctionalInterface
  interface Body {
    int run() throws Exception;
  }

  static int run(PrintWriter err, Body body) throws Exception {
    try {
      return body.run();
    } catch (ModelLoader.SpecErrors e) {
      err.print(e.getMessage());
      return ExitCodes.INPUT_ERRORS;
    } catch (TrainConfigException | UsageException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (NoSuchFileException e) {
      err.println("error: cannot find " + e.getFile() + (e.getReason() == null ? "" : ": " + e.getReason()));
      return ExitCodes.IO;
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.IO;
    } catch (DivergedException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.DIVERGED;
    } catch (TrainingInterruptedException e) {
      // The trainer already reported where it saved (before the JVM's shutdown could end us).
      return ExitCodes.INTERRUPTED;
    } finally {
      err.flush();
    }
  }
}
