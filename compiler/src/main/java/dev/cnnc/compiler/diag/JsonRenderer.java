package dev.cnnc.compiler.diag;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * The machine-readable form: {@code {"diagnostics": [{severity, code, message, file, line, column,
 * end_line, end_column, label, notes, help, labels}]}}. Lines and columns are 1-based; end_column is
 * exclusive.
 */
public final class JsonRenderer {
  private JsonRenderer() {}

  public static String render(List<Diagnostic> diagnostics) {
    JsonArray array = new JsonArray();
    for (Diagnostic d : diagnostics) {
      JsonObject o = new JsonObject();
      o.addProperty("severity", d.severity().label());
      o.addProperty("code", d.code().name());
      o.addProperty("message", d.message());
      o.addProperty("file", d.span().file().name());
      o.addProperty("line", d.span().line());
      o.addProperty("column", d.span().column());
      o.addProperty("end_line", d.span().endLine());
      o.addProperty("end_column", d.span().endColumn());
      o.addProperty("label", d.label());
      o.add("notes", strings(d.notes()));
      o.add("help", strings(d.help()));
      JsonArray labels = new JsonArray();
      for (Label l : d.secondary()) {
        JsonObject lo = new JsonObject();
        lo.addProperty("file", l.span().file().name());
        lo.addProperty("line", l.span().line());
        lo.addProperty("column", l.span().column());
        lo.addProperty("end_line", l.span().endLine());
        lo.addProperty("end_column", l.span().endColumn());
        lo.addProperty("message", l.message());
        labels.add(lo);
      }
      o.add("labels", labels);
      array.add(o);
    }
    JsonObject root = new JsonObject();
    root.add("diagnostics", array);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static JsonArray strings(List<String> items) {
    JsonArray a = new JsonArray();
    items.forEach(a::add);
    return a;
  }
}
