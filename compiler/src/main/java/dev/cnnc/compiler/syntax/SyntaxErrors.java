package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.source.Span;
import dev.cnnc.grammar.CnnLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Takes over ANTLR's error reporting: nothing is printed to stderr; every syntax error becomes a
 * diagnostic in our words. An error whose expected tokens include the closer of a bracket still
 * open points at that bracket, because that is where the user has to look.
 */
final class SyntaxErrors extends BaseErrorListener {
  private final Offsets offsets;
  private final Diagnostics diagnostics;
  private final Set<Integer> reportedTokens = new HashSet<>();
  private boolean reportedEof;

  SyntaxErrors(Offsets offsets, Diagnostics diagnostics) {
    this.offsets = offsets;
    this.diagnostics = diagnostics;
  }

  @Override
  public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
      String msg, RecognitionException e) {
    if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token token)) {
      return; // the lexer never fails: unknown characters become BAD_CHAR tokens
    }
    boolean eof = token.getType() == Token.EOF;
    if ((eof && reportedEof) || !reportedTokens.add(token.getTokenIndex())) {
      return; // one cause, one error: recovery often stumbles over the same token again
    }
    reportedEof |= eof;
    Span at = tokenSpan(token);
    if (token.getType() == CnnLexer.BAD_CHAR) {
      diagnostics.report(Diagnostic.error(Code.CNN003, at, "unexpected character `" + token.getText() + "`")
          .label("not part of the .cnn language")
          .help("layers are chained with `=>`, sizes are written `5x5`, comments start with `#` or `//`"));
      return;
    }
    TokenStream tokens = parser.getInputStream();
    if (CommonMistakes.report(tokens, token, at, this::tokenSpan, diagnostics)) {
      return;
    }
    IntervalSet expected = safeExpected(parser);
    if (isCloser(token) && !isOpen(tokens, token)) {
      diagnostics.report(Diagnostic.error(Code.CNN001, at, "unmatched `" + token.getText() + "`")
          .label("nothing is open here for this to close")
          .help("remove it, or add the opening `" + openerText(token.getText()) + "` it belongs to"));
      return;
    }
    Token opener = unclosedOpener(tokens, token);
    if (opener != null && expected.contains(closerType(opener))) {
      String close = closerText(opener);
      diagnostics.report(Diagnostic.error(Code.CNN002, tokenSpan(opener),
              "`" + opener.getText() + "` is never closed")
          .label("this `" + opener.getText() + "` has no matching `" + close + "`")
          .secondary(at, (eof ? "the file ends" : "found `" + token.getText() + "`") + " where `" + close + "` was expected")
          .help("add `" + close + "` where the bracketed part ends")
          .build());
      return;
    }
    String found = eof ? "end of file" : "`" + token.getText() + "`";
    Diagnostic.Builder d = Diagnostic.error(Code.CNN001, at, "unexpected " + found)
        .label(describe(expected, parser.getVocabulary()).isEmpty() ? "" : "expected " + describe(expected, parser.getVocabulary()));
    if (token.getType() == CnnLexer.ARROW) {
      d.help("a chain element is missing before `=>`");
    }
    diagnostics.report(d.build());
  }

  private static IntervalSet safeExpected(Parser parser) {
    try {
      return parser.getExpectedTokens();
    } catch (RuntimeException e) {
      return new IntervalSet();
    }
  }

  Span tokenSpan(Token t) {
    if (t.getType() == Token.EOF) {
      int end = offsets.file().text().length();
      return new Span(offsets.file(), end, end);
    }
    int start = offsets.toChar(t.getStartIndex());
    int stop = offsets.toChar(t.getStopIndex() + 1);
    return new Span(offsets.file(), start, Math.max(start, stop));
  }

  /** The innermost bracket opened before {@code at} and not closed by then. */
  private static Token unclosedOpener(TokenStream tokens, Token at) {
    Deque<Token> open = new ArrayDeque<>();
    for (int i = 0; i < at.getTokenIndex() && i < tokens.size(); i++) {
      Token t = tokens.get(i);
      switch (t.getText()) {
        case "[", "(", "{" -> open.push(t);
        case "]", ")", "}" -> {
          if (!open.isEmpty() && closerText(open.peek()).equals(t.getText())) {
            open.pop();
          }
        }
        default -> { }
      }
    }
    return open.peek();
  }

  private static boolean isCloser(Token t) {
    return t.getText().equals(")") || t.getText().equals("]") || t.getText().equals("}");
  }

  /** Whether some bracket of the kind {@code closer} closes is open before it. */
  private static boolean isOpen(TokenStream tokens, Token closer) {
    String open = openerText(closer.getText());
    int depth = 0;
    for (int i = 0; i < closer.getTokenIndex() && i < tokens.size(); i++) {
      String t = tokens.get(i).getText();
      if (t.equals(open)) {
        depth++;
      } else if (t.equals(closer.getText()) && depth > 0) {
        depth--;
      }
    }
    return depth > 0;
  }

  private static String openerText(String closer) {
    return switch (closer) {
      case ")" -> "(";
      case "]" -> "[";
      default -> "{";
    };
  }

  private static String closerText(Token opener) {
    return switch (opener.getText()) {
      case "[" -> "]";
      case "(" -> ")";
      default -> "}";
    };
  }

  private static int closerType(Token opener) {
    String close = "'" + closerText(opener) + "'";
    Vocabulary v = CnnLexer.VOCABULARY;
    for (int type = 1; type <= v.getMaxTokenType(); type++) {
      if (close.equals(v.getLiteralName(type))) {
        return type;
      }
    }
    return -1;
  }

  /** Expected tokens in words: `=>`, `)`, a name, a number. */
  static String describe(IntervalSet expected, Vocabulary vocabulary) {
    List<String> words = new ArrayList<>();
    for (int type : expected.toArray()) {
      String w = word(type, vocabulary);
      if (w != null && !words.contains(w)) {
        words.add(w);
      }
    }
    if (words.size() > 6) {
      words = words.subList(0, 6);
      words.add("…");
    }
    if (words.isEmpty()) {
      return "";
    }
    if (words.size() == 1) {
      return words.get(0);
    }
    return "one of " + String.join(", ", words);
  }

  private static String word(int type, Vocabulary v) {
    if (type == Token.EOF) {
      return "end of file";
    }
    return switch (type) {
      case CnnLexer.IDENT -> "a name";
      case CnnLexer.INT, CnnLexer.FLOAT -> "a number";
      case CnnLexer.SIZE -> "a size like 3x3";
      case CnnLexer.STRING -> "a \"string\"";
      case CnnLexer.BAD_CHAR -> null;
      default -> {
        String literal = v.getLiteralName(type);
        yield literal == null ? v.getDisplayName(type) : "`" + literal.substring(1, literal.length() - 1) + "`";
      }
    };
  }
}
