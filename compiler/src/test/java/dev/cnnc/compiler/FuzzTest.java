package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.JsonRenderer;
import dev.cnnc.compiler.diag.Label;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.compiler.source.Span;
import dev.cnnc.compiler.syntax.SourceParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of broken programs, seeded so a failure can be replayed: the front end must answer each
 * with well-formed diagnostics, never an exception. See {@link FuzzInputs} for what is generated.
 */
class FuzzTest {
  private static final long SEED = Long.getLong("cnnc.fuzz.seed", 20240611L);
  private static final int CASES = Integer.getInteger("cnnc.fuzz.cases", 5000);

  @Test
  void theFrontEndSurvivesRandomAndMutatedPrograms() throws Exception {
    List<FuzzInputs.Seed> corpus = new ArrayList<>();
    for (String folder : List.of("ok", "errors")) {
      for (Path p : Corpus.files(folder)) {
        corpus.add(new FuzzInputs.Seed(p, Files.readString(p)));
      }
    }
    assertFalse(corpus.isEmpty(), "no corpus found under " + Corpus.root());
    FuzzInputs inputs = new FuzzInputs(new Random(SEED), corpus);
    long deadline = System.nanoTime() + 60_000_000_000L;
    for (int i = 0; i < CASES && System.nanoTime() < deadline; i++) {
      FuzzInputs.Case c = inputs.next(i);
      try {
        checkOne(c);
      } catch (Throwable t) {
        throw new AssertionError("case " + i + " (seed " + SEED + ", " + c.kind() + ") fails on:\n---\n"
            + c.text() + "\n---\nwith --set " + c.overrides(), t);
      }
    }
  }

  private static void checkOne(FuzzInputs.Case c) {
    SourceFile file = new SourceFile("fuzz.cnn", c.path(), c.text());
    Compilation result = CnnCompiler.check(file, c.overrides());
    for (Diagnostic d : result.diagnostics()) {
      checkSpan(d.span(), d);
      for (Label l : d.secondary()) {
        checkSpan(l.span(), d);
      }
      assertFalse(d.message().isBlank(), () -> "empty message: " + d);
    }
    String text = TextRenderer.render(result.diagnostics());
    String json = JsonRenderer.render(result.diagnostics());
    assertTrue(json.startsWith("{"), json);
    assertTrue(result.diagnostics().isEmpty() || !text.isEmpty());
    if (!result.hasErrors() && result.networks().isEmpty()) {
      // Accepted without a network: the file must hold nothing a network would be built from.
      for (Stmt s : SourceParser.parse(file, new Diagnostics()).statements()) {
        if (s instanceof Stmt.ChainStmt || s instanceof Stmt.Network) {
          fail("accepted, yet no network for its " + s.getClass().getSimpleName() + " at " + s.span());
        }
      }
    }
  }

  private static void checkSpan(Span s, Diagnostic d) {
    int length = s.file().text().length();
    assertTrue(0 <= s.start() && s.start() <= s.end() && s.end() <= length, () -> "span out of its file: " + d);
    assertTrue(s.line() >= 1 && s.column() >= 1 && s.endLine() >= s.line(), () -> "bad line/column: " + d);
    assertTrue(s.endColumn() >= 1, () -> "bad end column: " + d);
  }

  /** A case found by the fuzzer stays here as a fixed regression test. */
  @Test
  void knownCrashersStayFixed() {
    for (String text : FuzzInputs.REGRESSIONS) {
      checkOne(new FuzzInputs.Case("regression", text, null, Map.of()));
    }
    checkOne(new FuzzInputs.Case("regression", "INPUT(28x28x1) => CONV(8)\n", null, Map.of("round", "bogus")));
  }
}
