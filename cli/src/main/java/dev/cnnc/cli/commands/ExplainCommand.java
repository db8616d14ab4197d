package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.UsageException;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Explanations;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc explain CNN040}: the long explanation of a diagnostic code. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Explain a diagnostic code in detail, with examples and fixes. Without a code, list all codes.")
public final class ExplainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CODE", description = "A code such as CNN040.")
  String code;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (code == null) {
      for (Code c : Code.values()) {
        out.println(c.name() + "  " + c.title());
      }
      out.flush();
      return ExitCodes.OK;
    }
    String wanted = code.toUpperCase(Locale.ROOT);
    if (wanted.matches("\\d+")) {
      wanted = "CNN" + "0".repeat(Math.max(0, 3 - wanted.length())) + wanted;
    }
    Code c;
    try {
      c = Code.valueOf(wanted);
    } catch (IllegalArgumentException e) {
      throw new UsageException("there is no diagnostic code `" + code + "`; `cnnc explain` lists them all");
    }
    out.print(Explanations.text(c));
    out.flush();
    return ExitCodes.OK;
  }
}
