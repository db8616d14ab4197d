package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.LoadedModel;
import dev.cnnc.runtime.data.DataSets;
import dev.cnnc.runtime.data.DataSplits;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.train.EpochMetrics;
import dev.cnnc.runtime.train.TrainConfig;
import dev.cnnc.runtime.train.TrainConfigException;
import dev.cnnc.runtime.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnc train SPEC --data D}: generates the network, trains it, writes checkpoints and curves. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a network on a data set. Flags override the spec's train { } block, which overrides the defaults"
        + " (10 epochs, batch 32, adam(lr=0.001), crossentropy, seed 42).",
    footer = {"", "Writes to --out (default runs/NETWORK): checkpoint.safetensors after every epoch (and on Ctrl-C),",
        "metrics.jsonl and curves.svg after every epoch, model.safetensors at the end.",
        "Examples:", "  cnnc train stdlib:fashion_cnn --data fashion-mnist --epochs 1",
        "  cnnc train net.cnn --data ./my-images --optimizer 'sgd(lr=0.01, momentum=0.9, nesterov=true)' --schedule 'warmup(epochs=1) + cosine'",
        "  cnnc train net.cnn --data fashion-mnist --out runs/a --resume",
        "Exit codes: 0 trained, 1 the spec has errors, 2 bad flag or setting, 3 a file is missing or corrupt,",
        "4 the loss diverged (NaN/Inf; the last good checkpoint is kept), 130 interrupted (state saved; --resume continues)."})
public final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Option(names = "--data", required = true, paramLabel = "D",
      description = "fashion-mnist, cifar10, or a folder (IDX files, CIFAR-10 batches, or one sub-folder of images per class).")
  String data;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train (in total, counting resumed ones).")
  String epochs;

  @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size.")
  String batch;

  @Option(names = "--lr", paramLabel = "X", description = "Learning rate (overrides the optimizer's lr).")
  String lr;

  @Option(names = "--optimizer", paramLabel = "OPT", description = "sgd(lr=…, momentum=…, nesterov=…, weight_decay=…), adam(…), adamw(…), nadam(…), rmsprop(…).")
  String optimizer;

  @Option(names = "--schedule", paramLabel = "S", description = "constant, step(every=N, gamma=G), exponential(gamma=G), cosine, warmup(epochs=E); join warm-up and decay with +.")
  String schedule;

  @Option(names = "--loss", paramLabel = "L", description = "crossentropy or mse (RBF outputs always use LeCun's RBF loss).")
  String loss;

  @Option(names = "--clip", paramLabel = "NORM", description = "Clip gradients to this global L2 norm (0: off).")
  String clip;

  @Option(names = "--validation", paramLabel = "F", description = "Hold out this fraction of the training split for validation (default 0).")
  String validation;

  @Option(names = "--augment", paramLabel = "A", description = "none, or shift=N,flip,brightness=F,contrast=F.")
  String augment;

  @Option(names = "--init", paramLabel = "SCHEME",
      description = "Weight initialisation: auto (He before ReLU, LeCun before tanh, Glorot otherwise), he_normal, he_uniform, glorot_uniform (Keras's default), glorot_normal, lecun_uniform, lecun_normal.")
  String init;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffling, augmentation and dropout.")
  String seed;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors). The weights do not depend on it: a seed gives the same run on any count.")
  String threads;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/NETWORK).")
  Path outDir;

  @Option(names = "--resume", description = "Continue from DIR/checkpoint.safetensors exactly where it stopped.")
  boolean resume;

  @Mixin
  NetworkOption network;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (a bar when stderr is a terminal), bar, lines (one line per epoch) or none.")
  TrainProgress.Mode progress;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    return Failures.run(err, () -> train(out, err));
  }

  private int train(PrintWriter out, PrintWriter err) throws Exception {
    Map<String, String> flags = flags();
    // Validate the flags before the (slower) code generation.
    TrainConfig flagged = TrainConfig.builder().setAll(flags).build();
    int batchGuess = flags.containsKey("batch") ? flagged.batch() : 32;
    LoadedModel loaded = ModelSource.load(file, common.overrides(), batchGuess, network.name(), flagged.seed());
    TrainConfig.Builder b = TrainConfig.builder().out(Path.of("runs", loaded.networkName()));
    try {
      b.setAll(loaded.settings().values());
    } catch (TrainConfigException e) {
      err.println("error: in the train { } block of " + file + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
    TrainConfig cfg = b.setAll(flags).build();
    Model model = loaded.model();
    if (cfg.batch() != batchGuess || cfg.seed() != flagged.seed()) {
      model = ModelSource.load(file, common.overrides(), cfg.batch(), network.name(), cfg.seed()).model();
    }
    if (cfg.threads() > 0) {
      Parallel.setThreads(cfg.threads());
    }
    err.printf(Locale.ROOT, "cnnc train: Java %s (%s) from %s; %d thread%s (%d processors)%n",
        System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("java.home"),
        Parallel.threads(), Parallel.threads() == 1 ? "" : "s", Runtime.getRuntime().availableProcessors());
    int[] in = model.inputShape();
    DataSplits splits = DataSets.open(data, in[0], in[1], in[2], primaryClasses(model));
    err.println("data: " + splits.description());
    err.flush();
    TrainProgress listener = new TrainProgress(progress, err, System.err);
    Trainer trainer = new Trainer(model, cfg, listener);
    Trainer.Result r;
    try (AutoCloseable hook = trainer.stopOnShutdown()) {
      r = trainer.fit(splits);
    }
    if (!r.history().isEmpty()) {
      EpochMetrics last = r.history().get(r.history().size() - 1);
      if (Double.isFinite(last.testAcc())) {
        out.printf(Locale.ROOT, "test accuracy %.2f%% (loss %.4f) after %d epochs%n", 100 * last.testAcc(), last.testLoss(), last.epoch());
      }
    }
    out.println("weights: " + r.weights());
    out.println("checkpoint: " + r.checkpoint() + ", metrics: " + cfg.out().resolve("metrics.jsonl")
        + ", curves: " + cfg.out().resolve("curves.svg"));
    out.flush();
    return ExitCodes.OK;
  }

  /** The primary output's class count (labels must be below it). */
  static int primaryClasses(Model model) {
    var outs = model.outputs();
    int best = 0;
    for (int i = 1; i < outs.size(); i++) {
      if (outs.get(i).weight() > outs.get(best).weight()) {
        best = i;
      }
    }
    return outs.isEmpty() ? 0 : outs.get(best).size();
  }

  private Map<String, String> flags() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "optimizer", optimizer);
    put(m, "epochs", epochs);
    put(m, "batch", batch);
    put(m, "lr", lr);
    put(m, "schedule", schedule);
    put(m, "loss", loss);
    put(m, "clip", clip);
    put(m, "validation", validation);
    put(m, "augment", augment);
    put(m, "seed", seed);
    put(m, "threads", threads);
    put(m, "init", init);
    put(m, "out", outDir == null ? null : outDir.toString());
    if (resume) {
      m.put("resume", "true");
    }
    return m;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
