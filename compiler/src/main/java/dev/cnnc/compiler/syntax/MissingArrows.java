package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import java.util.List;

/**
 * {@code CONV(32) RELU} parses as two chain statements, because newlines are whitespace and a chain
 * may end anywhere. Two chains on one line are almost always a forgotten {@code =>}; reporting that
 * beats the "RELU has no input" the resolver would say.
 */
final class MissingArrows {
  private MissingArrows() {}

  /** An element as a message quotes it: its first line, at most 30 characters. */
  private static String brief(String text) {
    String line = text.lines().findFirst().orElse("").strip();
    return line.length() <= 30 && !text.contains("\n") ? line : line.substring(0, Math.min(line.length(), 29)) + "…";
  }

  /** True if any was reported. */
  static boolean report(List<Stmt> statements, Diagnostics diagnostics) {
    boolean found = false;
    Stmt.ChainStmt previous = null;
    for (Stmt s : statements) {
      if (s instanceof Stmt.Network n) {
        found |= report(n.body(), diagnostics);
      }
      if (s instanceof Stmt.ChainStmt c && previous != null
          && previous.span().file().line(previous.span().end()) == c.span().line()) {
        Chain.Element last = previous.chain().elements().get(previous.chain().elements().size() - 1);
        Chain.Element next = c.chain().elements().get(0);
        String before = brief(last.span().text());
        String after = brief(next.primary().span().text());
        diagnostics.report(Diagnostic.error(Code.CNN001, next.primary().span(),
                "missing `=>` between `" + before + "` and `" + after + "`")
            .label("expected `=>` before this")
            .help("chain elements are joined with `=>`: `" + before + " => " + after + "`"));
        found = true;
      }
      previous = s instanceof Stmt.ChainStmt c ? c : null;
    }
    return found;
  }
}
