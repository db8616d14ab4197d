package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.JsonRenderer;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc check FILE...}: every shape checked, every error reported with its fix. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check .cnn files: syntax, names, arguments and every tensor shape.",
    footer = {"", "Exit codes: 0 no errors, 1 errors found, 2 usage error, 3 a file could not be read.",
        "Text diagnostics go to stderr; --format json prints {\"diagnostics\": [...]} to stdout."})
public final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "A .cnn file or stdlib:NAME.")
  List<String> files;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws IOException {
    List<Diagnostic> all = new ArrayList<>();
    int networks = 0;
    boolean ioError = false;
    for (String f : files) {
      SourceFile file;
      try {
        file = CnnCompiler.read(f);
      } catch (NoSuchFileException e) {
        spec.commandLine().getErr().println("error: cannot find " + f + (e.getReason() == null ? "" : ": " + e.getReason()));
        ioError = true;
        continue;
      }
      Compilation c = CnnCompiler.check(file, common.overrides());
      all.addAll(c.diagnostics());
      networks += c.networks().size();
    }
    long errors = all.stream().filter(Diagnostic::isError).count();
    long warnings = all.size() - errors;
    if (format == Format.JSON) {
      spec.commandLine().getOut().print(JsonRenderer.render(all));
      spec.commandLine().getOut().flush();
    } else {
      var err = spec.commandLine().getErr();
      err.print(TextRenderer.render(all));
      err.println(errors == 0
          ? "ok: " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " checked, " + networks + " network"
              + (networks == 1 ? "" : "s") + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : "")
          : "failed: " + errors + " error" + (errors == 1 ? "" : "s") + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : ""));
      err.flush();
    }
    if (ioError) {
      return ExitCodes.IO;
    }
    return errors > 0 ? ExitCodes.INPUT_ERRORS : ExitCodes.OK;
  }
}
