package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.TrainSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code train { }}: known keys only, values evaluated to canonical text. */
final class TrainBlock {
  static final Set<String> KEYS = Set.of("loss", "optimizer", "batch", "epochs", "lr", "schedule",
      "weight_decay", "momentum", "seed", "augment", "validation", "clip", "warmup", "init");

  private TrainBlock() {}

  static TrainSettings settings(Stmt.Train t, Scope scope, Evaluator evaluator, Diagnostics diagnostics) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Stmt.TrainEntry e : t.entries()) {
      String key = e.key().name();
      if (!KEYS.contains(key)) {
        Diagnostic.Builder d = Diagnostic.error(Code.CNN033, e.key().span(), "unknown train setting `" + key + "`")
            .label("not a train setting");
        Optional<String> g = Suggest.closest(key, KEYS);
        g.ifPresentOrElse(s -> d.help("did you mean `" + s + "`?"),
            () -> d.note("settings: " + String.join(", ", new java.util.TreeSet<>(KEYS))));
        diagnostics.report(d);
        continue;
      }
      if (values.containsKey(key)) {
        diagnostics.report(Diagnostic.error(Code.CNN024, e.key().span(), "`" + key + "` is set twice").label("second setting"));
        continue;
      }
      evaluator.eval(e.value(), scope).ifPresent(v -> values.put(key, v.show()));
    }
    return new TrainSettings(values);
  }
}
