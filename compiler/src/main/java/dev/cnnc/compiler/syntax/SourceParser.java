package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.ast.Program;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.grammar.CnnLexer;
import dev.cnnc.grammar.CnnParser;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Text to AST. Syntax errors go to the diagnostics; a file with any yields an empty program. */
public final class SourceParser {
  private SourceParser() {}

  public static Program parse(SourceFile file, Diagnostics diagnostics) {
    Offsets offsets = new Offsets(file);
    CnnLexer lexer = new CnnLexer(CharStreams.fromString(file.text(), file.name()));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill(); // error messages look at the tokens after the offending one
    CnnParser parser = new CnnParser(tokens);
    parser.removeErrorListeners();
    Diagnostics syntax = new Diagnostics();
    parser.addErrorListener(new SyntaxErrors(offsets, syntax));
    CnnParser.FileContext tree = parser.file();
    syntax.all().forEach(diagnostics::report);
    if (syntax.hasErrors()) {
      return new Program(file, List.of());
    }
    List<dev.cnnc.compiler.ast.Stmt> statements = new AstBuilder(offsets).file(tree);
    if (MissingArrows.report(statements, diagnostics)) {
      return new Program(file, List.of());
    }
    return new Program(file, statements);
  }
}
