package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.compiler.analysis.Analyzer;
import dev.cnnc.compiler.analysis.Summary;
import dev.cnnc.compiler.analysis.SummaryJson;
import dev.cnnc.compiler.analysis.SummaryTable;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc summary FILE}: per-layer shapes, parameters, MACs and receptive fields. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print a network's layers with output shapes, parameters, MACs and receptive fields, and the totals.",
    footer = {"", "Counts match torchvision/Keras: parameters include biases and BatchNorm γ/β (trainable) and running",
        "statistics (non-trainable); MACs count CONV and FC multiply-accumulates for one image.",
        "Exit codes: 0 ok, 1 the spec has errors, 2 usage error, 3 a file could not be read."})
public final class SummaryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Mixin
  NetworkOption network;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    CheckedSpec checked = CheckedSpec.load(file, network.name(), common, spec.commandLine().getErr());
    if (checked == null) {
      return ExitCodes.INPUT_ERRORS;
    }
    TypedNetwork chosen = checked.network();
    Summary s = Analyzer.summarize(chosen);
    out.print(format == Format.JSON ? SummaryJson.render(s) : SummaryTable.render(s));
    out.flush();
    return ExitCodes.OK;
  }
}
