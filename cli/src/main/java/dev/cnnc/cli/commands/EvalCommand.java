package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.UsageException;
import dev.cnnc.runtime.data.DataSets;
import dev.cnnc.runtime.data.DataSplits;
import dev.cnnc.runtime.data.Dataset;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.train.Evaluation;
import dev.cnnc.runtime.train.Evaluator;
import dev.cnnc.runtime.train.LossKind;
import dev.cnnc.runtime.train.ModelWeights;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnc eval SPEC --weights W --data D}: accuracy, top-5, loss and confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate trained weights on a data set's test split: accuracy, top-5 accuracy, mean loss, confusion matrix.",
    footer = {"", "The inputs are normalised with the statistics stored in the weights file (those of training).",
        "JSON: {\"samples\": N, \"accuracy\": …, \"top5\": … (null below 5 classes), \"loss\": …, \"confusion\": [[…]]}",
        "with confusion[true class][predicted class].",
        "Exit codes: 0 ok, 1 the spec has errors, 2 usage error, 3 a file is missing, corrupt or does not match the model."})
public final class EvalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Option(names = "--weights", required = true, paramLabel = "W", description = "model.safetensors or checkpoint.safetensors from cnnc train.")
  Path weights;

  @Option(names = "--data", required = true, paramLabel = "D", description = "fashion-mnist, cifar10, or a data folder.")
  String data;

  @Option(names = "--split", defaultValue = "test", paramLabel = "S", description = "test or train (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--loss", defaultValue = "crossentropy", paramLabel = "L", description = "crossentropy or mse.")
  String loss;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Mixin
  NetworkOption network;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    return Failures.run(err, () -> eval(spec.commandLine().getOut(), err));
  }

  private int eval(PrintWriter out, PrintWriter err) throws Exception {
    if (batch < 1) {
      throw new UsageException("--batch must be at least 1, got " + batch);
    }
    if (!split.equals("test") && !split.equals("train")) {
      throw new UsageException("--split must be test or train, got `" + split + "`");
    }
    LossKind lossKind = LossKind.parse(loss);
    Inference.threads(threads);
    Model model = ModelSource.load(file, common.overrides(), batch, network.name(), 0).model();
    ModelWeights.Info info = ModelWeights.load(weights, model);
    int[] in = model.inputShape();
    DataSplits splits = DataSets.open(data, in[0], in[1], in[2], TrainCommand.primaryClasses(model));
    if (info.normalization() != null) {
      splits = splits.withNormalization(info.normalization());
    } else {
      err.println("note: " + weights + " stores no normalisation; using the training split's statistics");
    }
    Dataset d = split.equals("test") ? splits.test() : splits.train();
    if (d.size() == 0) {
      throw new UsageException(splits.description() + " has no " + split + " images; try --split train");
    }
    Evaluation e = Evaluator.evaluate(model, d, batch, lossKind);
    if (format == Format.JSON) {
      out.println(e.toJson());
    } else {
      out.printf(Locale.ROOT, "%s on %s (%s split, %d images)%n", weights, splits.description(), split, e.samples());
      out.printf(Locale.ROOT, "accuracy  %.2f%%%n", 100 * e.accuracy());
      if (Double.isFinite(e.top5())) {
        out.printf(Locale.ROOT, "top-5     %.2f%%%n", 100 * e.top5());
      }
      out.printf(Locale.ROOT, "loss      %.4f%n%n", e.loss());
      out.print(confusionTable(e.confusion(), info.classNames().isEmpty() ? splits.classNames() : info.classNames()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Rows: true class; columns: predicted class (by index, names listed in the row labels). */
  static String confusionTable(int[][] m, List<String> names) {
    int width = 4;
    for (int[] row : m) {
      for (int v : row) {
        width = Math.max(width, Integer.toString(v).length() + 1);
      }
    }
    int label = 6;
    for (int i = 0; i < m.length; i++) {
      label = Math.max(label, name(names, i).length() + 5);
    }
    StringBuilder sb = new StringBuilder("confusion (rows: true class, columns: predicted)\n");
    sb.append(" ".repeat(label));
    for (int j = 0; j < m.length; j++) {
      sb.append(String.format(Locale.ROOT, "%" + width + "d", j));
    }
    sb.append('\n');
    for (int i = 0; i < m.length; i++) {
      sb.append(String.format(Locale.ROOT, "%-" + label + "s", String.format(Locale.ROOT, "%2d %s", i, name(names, i))));
      for (int v : m[i]) {
        sb.append(String.format(Locale.ROOT, "%" + width + "d", v));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String name(List<String> names, int i) {
    return i < names.size() ? names.get(i) : Integer.toString(i);
  }
}
