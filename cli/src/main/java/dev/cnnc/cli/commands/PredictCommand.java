package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.UsageException;
import dev.cnnc.runtime.data.Dataset;
import dev.cnnc.runtime.data.InputFiles;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Tensor;
import dev.cnnc.runtime.train.ModelWeights;
import dev.cnnc.runtime.train.Predictor;
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

/** {@code cnnc predict SPEC --weights W IMAGES…}: the most probable classes of each input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify images (PNG/JPEG, resized to the network's input) or the images of an IDX file with trained weights.",
    footer = {"", "JSON: {\"predictions\": [{\"input\": \"cat.png\", \"top\": [{\"class\": 3, \"name\": \"Dress\", \"p\": 0.91}, …]}, …]}",
        "Exit codes: 0 ok, 1 the spec has errors, 2 usage error, 3 a file is missing, corrupt or does not match the model."})
public final class PredictCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Parameters(index = "1..*", paramLabel = "IMAGES", description = "Image files.")
  List<Path> images = List.of();

  @Option(names = "--weights", required = true, paramLabel = "W", description = "model.safetensors or checkpoint.safetensors from cnnc train.")
  Path weights;

  @Option(names = "--idx", paramLabel = "FILE", description = "Classify every image of an IDX images file instead.")
  Path idx;

  @Option(names = "--top", defaultValue = "1", paramLabel = "K", description = "How many classes to show per input (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
  int batch;

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
    return Failures.run(err, () -> predict(spec.commandLine().getOut(), err));
  }

  private int predict(PrintWriter out, PrintWriter err) throws Exception {
    if (images.isEmpty() == (idx == null)) {
      throw new UsageException("give either image files or --idx FILE (not both, not neither)");
    }
    if (top < 1 || batch < 1) {
      throw new UsageException("--top and --batch must be at least 1");
    }
    Inference.threads(threads);
    Model model = ModelSource.load(file, common.overrides(), batch, network.name(), 0).model();
    ModelWeights.Info info = ModelWeights.load(weights, model);
    int[] in = model.inputShape();
    Dataset d = idx != null ? InputFiles.idxImages(idx, in[0], in[1], in[2]) : InputFiles.images(images, in[0], in[1], in[2]);
    if (info.normalization() != null) {
      d = d.withNormalization(info.normalization());
    } else {
      err.println("note: " + weights + " stores no normalisation; feeding pixels scaled to [0, 1]");
    }
    Tensor x = Tensor.zeros(d.size(), in[0], in[1], in[2]);
    for (int i = 0; i < d.size(); i++) {
      d.copySample(i, x.data, i * x.sampleSize());
    }
    float[][] p = new Predictor(model).probabilities(x);
    List<String> names = info.classNames();
    StringBuilder sb = new StringBuilder(format == Format.JSON ? "{\"predictions\": [" : "");
    for (int i = 0; i < p.length; i++) {
      String label = idx != null ? idx + "#" + i : images.get(i).toString();
      int[] best = Predictor.top(p[i], top);
      if (format == Format.JSON) {
        sb.append(i == 0 ? "" : ", ").append("{\"input\": \"").append(json(label)).append("\", \"top\": [");
        for (int k = 0; k < best.length; k++) {
          sb.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"class\": %d, \"name\": \"%s\", \"p\": %.6f}",
              best[k], json(EvalCommand.name(names, best[k])), p[i][best[k]]));
        }
        sb.append("]}");
      } else {
        sb.append(label).append(':');
        for (int k = 0; k < best.length; k++) {
          sb.append(String.format(Locale.ROOT, "%s %s (%d) %.1f%%", k == 0 ? "" : ",", EvalCommand.name(names, best[k]),
              best[k], 100 * p[i][best[k]]));
        }
        sb.append('\n');
      }
    }
    out.print(format == Format.JSON ? sb.append("]}\n") : sb);
    out.flush();
    return ExitCodes.OK;
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
