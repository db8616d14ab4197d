package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.ir.Frame;
import dev.cnnc.compiler.ir.Node;

/** Starts a shape diagnostic for a node, with its expansion stack as notes and use sites as labels. */
final class Report {
  private final Diagnostics diagnostics;

  Report(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Diagnostic.Builder error(Code code, Node node, String message) {
    Diagnostic.Builder d = Diagnostic.error(code, node.span(), message);
    context(d, node);
    return d;
  }

  Diagnostic.Builder warning(Code code, Node node, String message) {
    Diagnostic.Builder d = Diagnostic.warning(code, node.span(), message);
    context(d, node);
    return d;
  }

  private static void context(Diagnostic.Builder d, Node node) {
    for (int i = node.frames().size() - 1; i >= 0; i--) {
      Frame f = node.frames().get(i);
      d.note(f.describe());
    }
  }

  void emit(Diagnostic.Builder d) {
    diagnostics.report(d);
  }
}
