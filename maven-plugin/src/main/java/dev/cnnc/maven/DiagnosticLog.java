package dev.cnnc.maven;

import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.TextRenderer;
import org.apache.maven.plugin.logging.Log;

/**
 * Diagnostics in the Maven log: a first line {@code file:line:col: error[CNN040] message} that
 * IDEs and CI annotators recognise, then the rendered snippet (source line, carets, notes, help)
 * without its own header line, which would say the same again.
 */
final class DiagnosticLog {
  private DiagnosticLog() {}

  static String format(Diagnostic d) {
    String header = d.span().location() + ": " + d.severity().label() + "[" + d.code().name() + "] " + d.message();
    String rendered = TextRenderer.render(d);
    int firstBreak = rendered.indexOf('\n');
    String body = firstBreak < 0 ? "" : rendered.substring(firstBreak + 1).stripTrailing();
    return body.isEmpty() ? header : header + "\n" + body;
  }

  static void log(Log log, Diagnostic d) {
    if (d.isError()) {
      log.error(format(d));
    } else {
      log.warn(format(d));
    }
  }
}
