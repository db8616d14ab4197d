package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.source.Span;
import dev.cnnc.grammar.CnnLexer;
import java.util.function.Function;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Syntax errors whose cause is recognisable from the tokens around them, told in the user's terms
 * instead of as a list of expected tokens: {@code ->} for {@code =>}, a negative repetition count.
 */
final class CommonMistakes {
  private CommonMistakes() {}

  /** Reports the mistake at {@code token} if it is a known one; false if it is not. */
  static boolean report(TokenStream tokens, Token token, Span at, Function<Token, Span> spans, Diagnostics diagnostics) {
    if (!"-".equals(token.getText())) {
      return false;
    }
    Token next = at(tokens, token.getTokenIndex() + 1);
    Token previous = at(tokens, token.getTokenIndex() - 1);
    if (next != null && ">".equals(next.getText()) && next.getStartIndex() == token.getStopIndex() + 1) {
      diagnostics.report(Diagnostic.error(Code.CNN001, at.to(spans.apply(next)), "`->` is not an arrow in .cnn")
          .label("write `=>`")
          .help("chain elements are joined with `=>`, as in `INPUT(28x28x1) => CONV(32)`"));
      return true;
    }
    if (previous != null && "*".equals(previous.getText())) {
      // `[CONV]*-1`: the grammar only allows counts ≥ 0, so say so instead of "unexpected `-`".
      Span count = next != null && next.getType() == CnnLexer.INT ? at.to(spans.apply(next)) : at;
      diagnostics.report(Diagnostic.error(Code.CNN023, count,
              "a repetition count must be a whole number ≥ 0, not `" + count.text() + "`")
          .label("negative count")
          .help("`[…]*N` repeats the bracketed chain N times; `*0` removes it"));
      return true;
    }
    return false;
  }

  private static Token at(TokenStream tokens, int index) {
    return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
  }
}
