package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.compiler.analysis.GraphDot;
import dev.cnnc.runtime.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc graph SPEC}: the network as a Graphviz DOT graph. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Print the network as a Graphviz DOT graph (render with: dot -Tsvg net.dot -o net.svg).",
    footer = {"", "Exit codes: 0 ok, 1 the spec has errors, 2 usage error, 3 I/O error."})
public final class GraphCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the DOT text to FILE instead of stdout.")
  Path output;

  @Mixin
  NetworkOption network;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws IOException {
    CheckedSpec checked = CheckedSpec.load(file, network.name(), common, spec.commandLine().getErr());
    if (checked == null) {
      return ExitCodes.INPUT_ERRORS;
    }
    String dot = GraphDot.render(checked.network());
    if (output != null) {
      AtomicFiles.writeString(output, dot);
    } else {
      spec.commandLine().getOut().print(dot);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
