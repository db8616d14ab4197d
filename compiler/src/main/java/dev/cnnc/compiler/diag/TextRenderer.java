package dev.cnnc.compiler.diag;

import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders diagnostics the way rustc does:
 *
 * <pre>
 * error[CNN040]: output width of CONV is not a whole number
 *   --> alexnet.cnn:5:8
 *    |
 *  5 |     => CONV(96, 11x11, stride=4) => LRN
 *    |        ^^^^^^^^^^^^^^^^^^^^^^^^^ (224 - 11 + 0)/4 + 1 = 54.25
 *    |
 *    = note: ...
 *    = help: ...
 * </pre>
 */
public final class TextRenderer {
  private TextRenderer() {}

  public static String render(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      out.append(render(d)).append('\n');
    }
    return out.toString();
  }

  public static String render(Diagnostic d) {
    Span span = d.span();
    List<Label> all = new ArrayList<>();
    all.add(new Label(span, d.label()));
    all.addAll(d.secondary());
    int gutter = 1;
    for (Label l : all) {
      gutter = Math.max(gutter, String.valueOf(l.span().line()).length());
    }
    String pad = " ".repeat(gutter);
    StringBuilder out = new StringBuilder();
    out.append(d.severity().label()).append('[').append(d.code().name()).append("]: ")
        .append(d.message()).append('\n');
    out.append(pad).append("--> ").append(span.location()).append('\n');
    out.append(pad).append(" |\n");
    snippet(out, pad, span, d.label(), '^');
    for (Label l : d.secondary()) {
      if (!l.span().file().equals(span.file())) {
        out.append(pad).append("::: ").append(l.span().location()).append('\n');
        out.append(pad).append(" |\n");
      }
      snippet(out, pad, l.span(), l.message(), '-');
    }
    if (!d.notes().isEmpty() || !d.help().isEmpty()) {
      out.append(pad).append(" |\n");
    }
    for (String note : d.notes()) {
      out.append(pad).append(" = note: ").append(indentContinuation(note, pad)).append('\n');
    }
    for (String help : d.help()) {
      out.append(pad).append(" = help: ").append(indentContinuation(help, pad)).append('\n');
    }
    return out.toString();
  }

  private static String indentContinuation(String text, String pad) {
    return text.replace("\n", "\n" + pad + "         ");
  }

  /** One source line with a marker under the span (only its first line if it spans several). */
  private static void snippet(StringBuilder out, String pad, Span span, String message, char mark) {
    SourceFile file = span.file();
    int line = span.line();
    String text = file.lineText(line);
    String number = String.valueOf(line);
    out.append(" ".repeat(pad.length() - number.length())).append(number).append(" | ").append(text).append('\n');
    int col = span.column() - 1;
    int lineEnd = file.lineStart(line) + text.length();
    int width = Math.max(1, Math.min(span.end(), lineEnd) - span.start());
    out.append(pad).append(" | ").append(" ".repeat(Math.max(0, col))).append(String.valueOf(mark).repeat(width));
    if (message != null && !message.isEmpty()) {
      out.append(' ').append(message);
    }
    out.append('\n');
  }
}
