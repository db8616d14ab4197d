package dev.cnnc.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Golden;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.load.SourceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every diagnostic as the user sees it. {@code golden/CNNxxx[-variant].cnn} must emit CNNxxx and
 * render exactly as {@code CNNxxx….cnn.txt} (text) and, where that file exists, {@code ….cnn.json}
 * (to add a JSON golden, create the empty file and bless). {@code ….cnn.set} holds {@code --set}
 * lines {@code K=V}. Files under {@code golden/lib/} are only imported. Run with
 * {@code -Dcnnc.bless=true} to rewrite the goldens after an intended change, then review the diff.
 */
class GoldenDiagnosticsTest {
  static Path folder() {
    return Golden.resources().resolve("golden");
  }

  static List<Path> fixtures() throws IOException {
    try (Stream<Path> s = Files.list(folder())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".cnn")).sorted().toList();
    }
  }

  /** CNN040-pool.cnn → CNN040. */
  static Code codeOf(Path fixture) {
    String name = fixture.getFileName().toString();
    return Code.valueOf(name.substring(0, name.length() - ".cnn".length()).split("-", 2)[0]);
  }

  /** The fixture checked with its overrides, under the stable display name golden/NAME.cnn. */
  static Compilation check(Path fixture) throws IOException {
    return check(fixture, "golden/" + fixture.getFileName());
  }

  static Compilation check(Path fixture, String displayName) throws IOException {
    Map<String, String> sets = new LinkedHashMap<>();
    Path setFile = sibling(fixture, ".set");
    if (Files.exists(setFile)) {
      for (String line : Files.readAllLines(setFile)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          sets.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    return CnnCompiler.check(SourceLoader.readFile(fixture, displayName), sets);
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureRendersAsItsGolden() throws IOException {
    return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      Compilation c = check(f);
      Code code = codeOf(f);
      String text = TextRenderer.render(c.diagnostics());
      assertTrue(c.diagnostics().stream().anyMatch(d -> d.code() == code),
          () -> f.getFileName() + " should emit " + code + " but gives:\n" + text);
      compare(sibling(f, ".txt"), text, true);
      compare(sibling(f, ".json"), JsonRenderer.render(c.diagnostics()), false);
    }));
  }

  @Test
  void everyCodeHasAFixture() throws IOException {
    Set<Code> missing = EnumSet.allOf(Code.class);
    for (Path f : fixtures()) {
      missing.remove(codeOf(f));
    }
    assertEquals(Set.of(), missing, "codes without a golden fixture in " + folder());
  }

  private static Path sibling(Path fixture, String suffix) {
    return fixture.resolveSibling(fixture.getFileName() + suffix);
  }

  /** Text goldens are required; JSON goldens are compared (and blessed) only where they exist. */
  private static void compare(Path golden, String actual, boolean required) throws IOException {
    if (!required && !Files.exists(golden)) {
      return;
    }
    Golden.assertMatches(golden, actual);
  }
}
