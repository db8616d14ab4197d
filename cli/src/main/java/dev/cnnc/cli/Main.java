package dev.cnnc.cli;

import dev.cnnc.cli.commands.CheckCommand;
import dev.cnnc.cli.commands.CompileCommand;
import dev.cnnc.cli.commands.GraphCommand;
import dev.cnnc.cli.commands.EvalCommand;
import dev.cnnc.cli.commands.ExplainCommand;
import dev.cnnc.cli.commands.ModelsCommand;
import dev.cnnc.cli.commands.PredictCommand;
import dev.cnnc.cli.commands.SummaryCommand;
import dev.cnnc.cli.commands.TrainCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cnnc} command. */
@Command(name = "cnnc", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Describe, check, summarise, compile and train convolutional networks written in textbook notation.",
    subcommands = {CheckCommand.class, SummaryCommand.class, ExplainCommand.class, ModelsCommand.class, CompileCommand.class, GraphCommand.class,
        TrainCommand.class, EvalCommand.class, PredictCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0   success", "  1   the input has errors (diagnostics printed)", "  2   usage error (bad flag or argument)",
        "  3   I/O error (missing or unreadable file)", "  4   training diverged (loss became NaN or infinite)",
        " 70   internal error (run with --debug for the stack trace)",
        "130   interrupted (Ctrl-C); training state was saved, --resume continues", "",
        "Examples:", "  cnnc check model.cnn", "  cnnc summary stdlib:resnet18", "  cnnc explain CNN040",
        "  cnnc train stdlib:fashion_cnn --data fashion-mnist --epochs 1", "  cnnc models"})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs cnnc with the given streams; returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("error: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Run `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help` for usage.");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof NoSuchFileException nsf) {
        err.println("error: cannot find " + nsf.getFile() + (nsf.getReason() == null ? "" : ": " + nsf.getReason()));
        return ExitCodes.IO;
      }
      if (ex instanceof IOException io) {
        err.println("error: " + io.getMessage());
        return ExitCodes.IO;
      }
      if (ex instanceof UsageException u) {
        err.println("error: " + u.getMessage());
        return ExitCodes.USAGE;
      }
      err.println("internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)"));
      if (debug) {
        ex.printStackTrace(err);
      }
      return ExitCodes.INTERNAL;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
