package dev.cnnc.cli.commands;

import dev.cnnc.runtime.train.EpochMetrics;
import dev.cnnc.runtime.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress on stderr: on a terminal a progress bar per epoch (epoch, step, running
 * loss and accuracy, img/s, ETA — me.tongfei:progressbar draws it), otherwise a plain progress line
 * at most every {@link #LINE_INTERVAL_NANOS} so logs stay readable yet show that a long epoch is
 * moving. The epoch summary line is printed in both modes.
 */
final class TrainProgress implements TrainingListener {
  enum Mode { AUTO, BAR, LINES, NONE }

  private final PrintWriter err;
  private final PrintStream barStream;
  private final boolean bar;
  private final boolean quiet;
  /** Plain-line mode: time between progress lines. */
  static final long LINE_INTERVAL_NANOS = 60_000_000_000L;

  private final long lineInterval;
  private ProgressBar current;
  private int currentEpoch;
  private long lastLine = System.nanoTime();
  private double imagesPerStep;

  TrainProgress(Mode mode, PrintWriter err, PrintStream barStream) {
    this(mode, err, barStream, LINE_INTERVAL_NANOS);
  }

  TrainProgress(Mode mode, PrintWriter err, PrintStream barStream, long lineIntervalNanos) {
    this.lineInterval = lineIntervalNanos;
    this.err = err;
    this.barStream = barStream;
    this.quiet = mode == Mode.NONE;
    this.bar = mode == Mode.BAR || (mode == Mode.AUTO && stderrIsTerminal());
  }

  /**
   * Whether stderr is a terminal. Java cannot ask directly, so on Linux read what fd 2 points to;
   * {@code bin/cnnc} pipes stderr through a filter, so a pipe on 2 with a terminal on 1 counts too,
   * and {@code CNNC_STDERR_TTY=1/0} overrides.
   */
  static boolean stderrIsTerminal() {
    String env = System.getenv("CNNC_STDERR_TTY");
    if (env != null && !env.isBlank()) {
      return env.strip().equals("1");
    }
    String fd2 = link(2);
    return isTty(fd2) || (fd2.startsWith("pipe:") && isTty(link(1)));
  }

  private static String link(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    } catch (Exception e) {
      return "";
    }
  }

  private static boolean isTty(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }

  @Override
  public void started(Start s) {
    imagesPerStep = s.stepsPerEpoch() == 0 ? 0 : (double) s.trainSamples() / s.stepsPerEpoch();
    if (quiet) {
      return;
    }
    err.printf(Locale.ROOT, "training %s: %d epochs of %d steps (%d training, %d validation, %d test images), %s%n",
        s.network(), s.epochs(), s.stepsPerEpoch(), s.trainSamples(), s.validationSamples(), s.testSamples(), s.config());
    err.flush();
  }

  @Override
  public void step(Step s) {
    if (!bar) {
      if (!quiet && s.batch() < s.batches() && System.nanoTime() - lastLine >= lineInterval) {
        lastLine = System.nanoTime();
        double eta = s.imgPerSec() > 0 ? (s.batches() - s.batch()) * imagesPerStep / s.imgPerSec() : 0;
        err.printf(Locale.ROOT, "  epoch %d/%d step %d/%d (%.0f%%) loss %.4f acc %.2f%% %.0f img/s, epoch ends in %s%n",
            s.epoch(), s.epochs(), s.batch(), s.batches(), 100.0 * s.batch() / s.batches(), s.loss(),
            100 * s.accuracy(), s.imgPerSec(), duration(eta));
        err.flush();
      }
      return;
    }
    if (current == null || currentEpoch != s.epoch()) {
      closeBar();
      currentEpoch = s.epoch();
      current = new ProgressBarBuilder()
          .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", s.epoch(), s.epochs()))
          .setInitialMax(s.batches())
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(barStream, width()))
          .startsFrom(s.batch() - 1, java.time.Duration.ZERO)
          .build();
    }
    current.stepTo(s.batch());
    current.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%% %.0f img/s", s.loss(), 100 * s.accuracy(), s.imgPerSec()));
  }

  private static String duration(double seconds) {
    long t = Math.round(seconds);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", t / 3600, t / 60 % 60)
        : t >= 60 ? String.format(Locale.ROOT, "%dm %02ds", t / 60, t % 60) : t + " s";
  }

  private static int width() {
    String cols = System.getenv("COLUMNS");
    try {
      return cols == null ? 110 : Math.max(60, Integer.parseInt(cols.strip()));
    } catch (NumberFormatException e) {
      return 110;
    }
  }

  @Override
  public void evaluating(int epoch, String split) {
    if (current != null) {
      current.setExtraMessage(" evaluating on the " + split + " split…");
    }
  }

  @Override
  public void epochEnded(EpochMetrics m, int epochs) {
    closeBar();
    if (!quiet) {
      err.println(m.describe(epochs));
      err.flush();
    }
  }

  @Override
  public void message(String text) {
    closeBar();
    err.println(text);
    err.flush();
  }

  @Override
  public void finished() {
    closeBar();
  }

  private void closeBar() {
    if (current != null) {
      current.close();
      current = null;
      barStream.flush();
    }
  }
}
