package dev.cnnc.cli.commands;

import dev.cnnc.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that read a spec. */
public final class CommonOptions {
  @Option(names = "--set", paramLabel = "K=V", description = "Override a network parameter, e.g. --set classes=10 (repeatable).")
  List<String> sets = List.of();

  @Option(names = "--debug", description = "Print stack traces of internal errors.")
  boolean debug;

  /** The {@code --set} pairs, checked for form. */
  public Map<String, String> overrides() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new UsageException("--set expects KEY=VALUE, e.g. --set classes=10; got `" + s + "`");
      }
      out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
    }
    return out;
  }
}
