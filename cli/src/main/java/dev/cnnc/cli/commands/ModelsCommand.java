package dev.cnnc.cli.commands;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cnnc.cli.ExitCodes;
import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.analysis.Analyzer;
import dev.cnnc.compiler.analysis.Summary;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.compiler.shapes.Shape;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc models}: the standard library's models with their input, output, parameters and MACs. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the standard-library models (use them as stdlib:NAME) with input, output, parameters and MACs.",
    footer = {"", "Each model is compiled with its default parameters. `cnnc summary stdlib:NAME` shows its layers;",
        "docs/models/NAME.md describes the exact variant and its sources.",
        "Exit codes: 0 ok, 1 a bundled model failed to check (a packaging bug)."})
public final class ModelsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  /** One line of the listing. */
  record Row(String name, String network, Shape input, List<Output> outputs, TypedNetwork typed, Summary summary) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> names = SourceLoader.stdlibNames();
    if (names.isEmpty()) {
      err.println("error: no standard-library index (cnnc/stdlib/INDEX) on the class path; is cnnc-stdlib-models missing?");
      err.flush();
      return ExitCodes.IO;
    }
    List<Row> rows = new ArrayList<>();
    boolean failed = false;
    for (String name : names) {
      Compilation c = CnnCompiler.check(CnnCompiler.read(SourceLoader.STDLIB_PREFIX + name), Map.of());
      if (c.hasErrors() || c.networks().isEmpty()) {
        err.println("error: stdlib:" + name + " does not check:");
        err.print(TextRenderer.render(c.diagnostics()));
        failed = true;
        continue;
      }
      TypedNetwork typed = c.networks().get(0);
      Shape input = typed.network().nodes().stream().filter(n -> n.op() == Op.INPUT).findFirst()
          .map(typed::shape).orElse(null);
      rows.add(new Row(name, typed.network().name(), input, typed.network().outputs(), typed, Analyzer.summarize(typed)));
    }
    out.print(format == Format.JSON ? json(rows) : text(rows));
    out.flush();
    err.flush();
    return failed ? ExitCodes.INPUT_ERRORS : ExitCodes.OK;
  }

  static String text(List<Row> rows) {
    String[] head = {"MODEL", "NETWORK", "INPUT", "OUTPUT", "TRAINABLE", "NON-TRAINABLE", "MACS"};
    List<String[]> cells = new ArrayList<>();
    cells.add(head);
    for (Row r : rows) {
      cells.add(new String[] {"stdlib:" + r.name(), r.network(), r.input() == null ? "-" : r.input().show(),
          outputText(r), group(r.summary().trainable()), group(r.summary().nonTrainable()), group(r.summary().macs())});
    }
    int[] width = new int[head.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean numeric = i >= 4;
        String pad = " ".repeat(width[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(numeric ? pad + row[i] : row[i] + pad);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  private static String outputText(Row r) {
    Output main = r.outputs().get(0);
    String s = r.typed().shape(main.node()).show();
    int extra = r.outputs().size() - 1;
    return extra == 0 ? s : s + " (+" + extra + " aux)";
  }

  private static String group(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  static String json(List<Row> rows) {
    JsonArray models = new JsonArray();
    for (Row r : rows) {
      JsonObject j = new JsonObject();
      j.addProperty("name", r.name());
      j.addProperty("source", "stdlib:" + r.name());
      j.addProperty("network", r.network());
      j.add("input", r.input() == null ? null : dims(r.input()));
      JsonArray outs = new JsonArray();
      for (Output o : r.outputs()) {
        JsonObject oj = new JsonObject();
        oj.addProperty("name", o.name());
        oj.add("shape", dims(r.typed().shape(o.node())));
        oj.addProperty("weight", o.weight());
        outs.add(oj);
      }
      j.add("outputs", outs);
      j.addProperty("trainable", r.summary().trainable());
      j.addProperty("non_trainable", r.summary().nonTrainable());
      j.addProperty("macs", r.summary().macs());
      JsonObject networkParams = new JsonObject();
      r.typed().network().parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> networkParams.addProperty(e.getKey(), e.getValue()));
      j.add("parameters", networkParams);
      models.add(j);
    }
    JsonObject root = new JsonObject();
    root.add("models", models);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
  }

  private static JsonArray dims(Shape s) {
    JsonArray a = new JsonArray();
    for (int d : s.dims()) {
      a.add(d);
    }
    return a;
  }
}
