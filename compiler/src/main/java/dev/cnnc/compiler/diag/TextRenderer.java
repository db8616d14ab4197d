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
    // Labels in the primary's file go in line order (the primary first on its line), as rustc
    // shows them; labels elsewhere follow under a `:::` header.
    List<Label> here = new ArrayList<>();
    List<Label> elsewhere = new ArrayList<>();
    for (Label l : d.secondary()) {
      (l.span().file().equals(span.file()) ? here : elsewhere).add(l);
    }
    List<Label> ordered = new ArrayList<>();
    Label primaryLabel = new Label(span, d.label());
    ordered.add(primaryLabel);
    ordered.addAll(here);
    ordered.sort(java.util.Comparator.comparingInt((Label l) -> l.span().line()));
    Span shown = null;
    for (Label l : ordered) {
      boolean primary = l == primaryLabel;
      boolean sameLine = shown != null && l.span().line() == shown.line();
      if (shown != null && l.span().line() > shown.line() + 1) {
        out.append("...\n");
      }
      snippet(out, pad, l.span(), l.message(), primary ? '^' : '-', !sameLine);
      shown = l.span();
    }
    for (Label l : elsewhere) {
      out.append(pad).append("::: ").append(l.span().location()).append('\n');
      out.append(pad).append(" |\n");
      snippet(out, pad, l.span(), l.message(), '-', true);
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
  private static void snippet(StringBuilder out, String pad, Span span, String message, char mark, boolean showLine) {
    SourceFile file = span.file();
    int line = span.line();
    String text = file.lineText(line);
    String number = String.valueOf(line);
    if (showLine) {
      out.append(" ".repeat(pad.length() - number.length())).append(number).append(" | ").append(text).append('\n');
    }
    // Columns on screen are characters, not UTF-16 units: an emoji before the span is one column.
    int lineStart = file.lineStart(line);
    int lineEnd = lineStart + text.length();
    String raw = file.text();
    int col = raw.codePointCount(lineStart, Math.min(span.start(), lineEnd));
    int width = Math.max(1, span.start() >= lineEnd ? 1 : raw.codePointCount(span.start(), Math.min(span.end(), lineEnd)));
    out.append(pad).append(" | ").append(" ".repeat(Math.max(0, col))).append(String.valueOf(mark).repeat(width));
    if (message != null && !message.isEmpty()) {
      out.append(' ').append(message);
    }
    out.append('\n');
  }
}
