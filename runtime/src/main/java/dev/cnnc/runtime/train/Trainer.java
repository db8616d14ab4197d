package dev.cnnc.runtime.train;

import dev.cnnc.runtime.data.BatchIterator;
import dev.cnnc.runtime.data.Batches;
import dev.cnnc.runtime.data.DataSplits;
import dev.cnnc.runtime.data.Dataset;
import dev.cnnc.runtime.data.Normalization;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.optim.Optimizer;
import dev.cnnc.runtime.optim.schedule.LrSchedule;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trains a {@link Model}: per epoch, seeded shuffled (and augmented) mini-batches prefetched by a
 * background thread; forward, the weighted loss of every output, backward, optional gradient
 * clipping and an optimiser step at the scheduled learning rate; then evaluation on the
 * validation and test splits. After every epoch it writes, each atomically, to the output folder:
 * {@value #CHECKPOINT} (everything needed to resume), {@code metrics.jsonl} and {@code curves.svg};
 * at the end {@value #WEIGHTS}.
 *
 * <p>Exact resumption: batch order and augmentation depend only on (seed, epoch, sample), the
 * learning rate only on the step, dropout on the RNG state saved with the model, and every kernel
 * is deterministic for a given thread count. So E epochs in one go and k epochs plus a
 * {@code resume} give bit-identical weights (same seed and thread count). {@link #requestStop()}
 * (a shutdown hook from {@link #stopOnShutdown()}) ends at the next batch boundary after saving
 * the position within the epoch; a hard kill loses at most the epoch under way.
 */
public final class Trainer {
  public static final String CHECKPOINT = "checkpoint.safetensors";
  public static final String WEIGHTS = "model.safetensors";

  private final Model model;
  private final TrainConfig cfg;
  private final TrainingListener listener;
  private volatile boolean stopRequested;
  private volatile CountDownLatch running;
  /** Whether the checkpoint file belongs to this run (written by it, or resumed from). */
  private boolean checkpointed;

  public Trainer(Model model, TrainConfig cfg, TrainingListener listener) {
    this.model = model;
    this.cfg = cfg;
    this.listener = listener == null ? TrainingListener.NONE : listener;
  }

  /** What a completed run produced. */
  public record Result(List<EpochMetrics> history, Path weights, Path checkpoint) {}

  /** Asks the running {@link #fit} to save and stop at the next batch boundary. Thread-safe. */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Installs a JVM shutdown hook (Ctrl-C, SIGTERM) that stops training at the next batch boundary
   * and waits until the checkpoint is saved. Close the returned handle when training is over.
   */
  public AutoCloseable stopOnShutdown() {
    Thread hook = new Thread(() -> {
      CountDownLatch r = running;
      requestStop();
      if (r != null) {
        try {
          r.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "cnnc-train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running; nothing to undo.
      }
    };
  }

  /**
   * Runs the configured epochs on {@code data} (its train split, minus the validation fraction).
   *
   * @throws DivergedException the loss became NaN or infinite (the last checkpoint is kept)
   * @throws TrainingInterruptedException {@link #requestStop()} was called (state saved)
   * @throws TrainConfigException the configuration does not fit the model or the checkpoint
   */
  public Result fit(DataSplits data) throws IOException {
    return fit(data.train(), data.test());
  }

  /**
   * Runs on explicit splits, both normalised alike ({@code test} may be empty). On resume both are
   * re-normalised with the checkpoint's statistics.
   */
  public Result fit(Dataset trainSplit, Dataset testSplit) throws IOException {
    running = new CountDownLatch(1);
    try {
      return run(trainSplit, testSplit);
    } finally {
      listener.finished();
      running.countDown();
    }
  }

  private Result run(Dataset train, Dataset testSplit) throws IOException {
    if (cfg.batch() > model.maxBatch()) {
      throw new TrainConfigException("batch", Integer.toString(cfg.batch()), "the model was built for batches of at most "
          + model.maxBatch(), "a batch ≤ " + model.maxBatch());
    }
    if (cfg.threads() > 0) {
      Parallel.setThreads(cfg.threads());
    }
    Path out = cfg.out();
    Files.createDirectories(out);
    Path ckpt = out.resolve(CHECKPOINT);
    Optimizer opt = cfg.optimizer().build();
    long seed = cfg.seed();
    int startEpoch = 0;
    int startBatch = 0;
    RunningMetrics partial = null;
    Plateau plateau = cfg.schedule().plateau();
    List<EpochMetrics> history = new ArrayList<>();
    if (cfg.resume() && Files.exists(ckpt)) {
      TrainState.Resumed r = TrainState.restore(ckpt, model, opt, cfg);
      checkpointed = true;
      seed = r.seed();
      startEpoch = r.epoch();
      startBatch = r.batch();
      partial = r.partial();
      if (plateau != null && r.plateau() != null) {
        try {
          plateau.restore(r.plateau());
        } catch (IllegalArgumentException e) {
          throw new dev.cnnc.runtime.checkpoint.CheckpointException(ckpt + ": metadata plateau: " + e.getMessage());
        }
      }
      if (r.normalization() != null) {
        train = train.withNormalization(r.normalization());
        testSplit = testSplit.withNormalization(r.normalization());
      }
      history = RunFiles.read(out, startEpoch);
      listener.message("resuming from " + ckpt + " after epoch " + startEpoch
          + (startBatch > 0 ? " and " + startBatch + " batches of epoch " + (startEpoch + 1) : "")
          + " (step " + opt.stepCount() + ", seed " + seed + ")");
    } else {
      if (cfg.resume()) {
        listener.message("no checkpoint " + ckpt + " to resume from: starting a new run");
      }
      model.initialize(seed, cfg.init());
    }
    Normalization norm = train.normalization();
    List<String> classes = train.classNames();
    Dataset val = null;
    if (cfg.validation() > 0) {
      Dataset.Split split = train.splitValidation(cfg.validation());
      train = split.train();
      val = split.validation().size() > 0 ? split.validation() : null;
    }
    Dataset test = testSplit.size() > 0 ? testSplit : null;
    checkShape(train);
    BatchIterator it = new BatchIterator(train, cfg.batch(), seed).withAugmentation(cfg.augmentation());
    int spe = it.batchesPerEpoch();
    if (spe == 0) {
      throw new TrainConfigException("data", train.toString(), "the training split is empty", "a data set with training samples");
    }
    LrSchedule schedule = cfg.schedule().build((float) cfg.optimizer().learningRate(), cfg.epochs(), spe);
    listener.started(new TrainingListener.Start(model.name(), cfg.epochs(), startEpoch + 1, startBatch, spe,
        train.size(), val == null ? 0 : val.size(), test == null ? 0 : test.size(), Parallel.threads(), cfg.describe()));

    TrainStep step = new TrainStep(model, cfg.loss(), opt, cfg.clip());
    if (startEpoch >= cfg.epochs()) {
      listener.message("the checkpoint has all " + startEpoch + " epochs already; raise --epochs to train further");
    }
    int[] in = model.inputShape();
    Tensor input = Tensor.zeros(cfg.batch(), in[0], in[1], in[2]);
    int[] labels = new int[cfg.batch()];
    for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
      RunningMetrics acc = epoch == startEpoch && partial != null ? partial : new RunningMetrics();
      int first = epoch == startEpoch ? startBatch : 0;
      double before = acc.seconds;
      long t0 = System.nanoTime();
      float lr = opt.learningRate();
      try (Batches batches = it.epoch(epoch, first, true)) {
        while (true) {
          if (stopRequested) {
            acc.seconds = before + (System.nanoTime() - t0) / 1e9;
            TrainState.save(ckpt, model, opt, cfg, seed, norm, classes, epoch, batches.nextBatchIndex(), acc, plateau);
            String msg = "interrupted: saved " + ckpt + " at epoch " + (epoch + 1) + ", batch "
                + batches.nextBatchIndex() + "/" + spe + "; continue with --resume";
            listener.message(msg);
            throw new TrainingInterruptedException(msg);
          }
          int batchIndex = batches.nextBatchIndex();
          int n = batches.next(input, labels);
          if (n == 0) {
            break;
          }
          long stepNo = opt.stepCount();
          lr = plateau == null ? schedule.at(stepNo) : plateau.apply(schedule.at(stepNo));
          opt.setLearningRate(lr);
          double loss = step.run(input.withBatch(n), labels);
          if (!Double.isFinite(loss)) {
            throw diverged("the loss became " + loss, stepNo + 1, epoch, batchIndex, lr, ckpt);
          }
          if (cfg.clip() > 0 && !Double.isFinite(step.gradNorm())) {
            throw diverged("the gradient norm became " + step.gradNorm(), stepNo + 1, epoch, batchIndex, lr, ckpt);
          }
          int[] correct = step.correct();
          acc.add(loss, correct, n);
          double sec = before + (System.nanoTime() - t0) / 1e9;
          listener.step(new TrainingListener.Step(epoch + 1, cfg.epochs(), batchIndex + 1, spe, stepNo + 1,
              acc.loss(), acc.accuracy(), sec > 0 ? acc.seen / sec : 0, lr));
        }
      }
      acc.seconds = before + (System.nanoTime() - t0) / 1e9;
      long e0 = System.nanoTime();
      Evaluation v = null;
      Evaluation t = null;
      if (val != null) {
        listener.evaluating(epoch + 1, "validation");
        v = Evaluator.evaluate(model, val, cfg.batch(), cfg.loss());
      }
      if (test != null) {
        listener.evaluating(epoch + 1, "test");
        t = Evaluator.evaluate(model, test, cfg.batch(), cfg.loss());
      }
      double evalSec = (System.nanoTime() - e0) / 1e9;
      EpochMetrics m = new EpochMetrics(epoch + 1, acc.loss(), acc.accuracy(),
          step.classes() >= 5 ? acc.top5() : Double.NaN,
          v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy(),
          t == null ? Double.NaN : t.loss(), t == null ? Double.NaN : t.accuracy(),
          lr, acc.seconds + evalSec, acc.seconds > 0 ? acc.seen / acc.seconds : 0);
      history.add(m);
      if (plateau != null && plateau.epochEnded(v != null ? v.loss() : acc.loss())) {
        listener.message(String.format(Locale.ROOT, "no improvement of the %s loss: learning rate × %.3g from now on",
            v != null ? "validation" : "training", plateau.scale()));
      }
      // Checkpoint first: the metrics file never mentions an epoch the checkpoint does not have.
      TrainState.save(ckpt, model, opt, cfg, seed, norm, classes, epoch + 1, 0, null, plateau);
      checkpointed = true;
      RunFiles.write(out, model.name() + " — " + cfg.optimizer() + ", batch " + cfg.batch(), history);
      listener.epochEnded(m, cfg.epochs());
    }
    Path weights = out.resolve(WEIGHTS);
    ModelWeights.save(weights, model, norm, classes);
    return new Result(history, weights, ckpt);
  }

  private void checkShape(Dataset d) {
    int[] in = model.inputShape();
    if (d.height() != in[0] || d.width() != in[1] || d.channels() != in[2]) {
      throw new IllegalArgumentException("the data set's samples are " + d.height() + "x" + d.width() + "x"
          + d.channels() + ", the network " + model.name() + " takes " + in[0] + "x" + in[1] + "x" + in[2]);
    }
  }

  private DivergedException diverged(String what, long step, int epoch, int batch, float lr, Path ckpt) {
    boolean kept = checkpointed;
    String msg = String.format(Locale.ROOT, "training diverged: %s at step %d (epoch %d, batch %d) with learning rate %.3g."
        + " Try a lower learning rate (e.g. --lr %.3g)%s. %s", what, step, epoch + 1, batch + 1, lr, lr / 10,
        cfg.clip() > 0 ? " or a smaller --clip" : " or gradient clipping (--clip 1.0)",
        kept ? "The last good checkpoint " + ckpt + " is kept." : "No checkpoint was written yet.");
    return new DivergedException(msg, step, epoch + 1);
  }
}
