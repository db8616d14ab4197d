package dev.cnnc.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code docs/diagnostics/CNNxxx.md}: one page per code, titled with the code's title, bundled for
 * {@code cnnc explain}, and showing real output: its example is {@code golden/CNNxxx.cnn} and its
 * {@code text} block is what cnnc prints for it under the name {@code example.cnn}.
 */
class DiagnosticDocsTest {
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  static Path docs() {
    String root = System.getProperty("cnnc.root");
    return (root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize()).resolve("docs/diagnostics");
  }

  @TestFactory
  Stream<DynamicTest> everyCodeHasAPageShowingRealOutput() {
    return Stream.of(Code.values()).map(code -> DynamicTest.dynamicTest(code.name(), () -> {
      Path page = docs().resolve(code.name() + ".md");
      assertTrue(Files.exists(page), () -> "no page " + page + " for " + code);
      String text = Files.readString(page);
      String title = "# " + code.name() + ": " + code.title() + "\n";
      assertTrue(text.startsWith(title), () -> page.getFileName() + " must start with `" + title.strip() + "`");
      Map<String, String> blocks = blocks(text);
      Path fixture = GoldenDiagnosticsTest.folder().resolve(code.name() + ".cnn");
      assertEquals(Files.readString(fixture).strip(), blocks.getOrDefault("cnn", "").strip(),
          () -> page.getFileName() + ": the example must be " + fixture);
      assertEquals(render(fixture).stripTrailing(), blocks.getOrDefault("text", "").stripTrailing(),
          () -> page.getFileName() + ": the output shown is not what cnnc prints; paste the expected text");
    }));
  }

  @Test
  void everyPageIsBundledForExplain() {
    for (Code code : Code.values()) {
      assertTrue(Explanations.text(code).startsWith("# " + code.name() + ": "), code::name);
    }
  }

  @Test
  void noPageForACodeThatDoesNotExist() throws IOException {
    List<String> stale = new ArrayList<>();
    try (Stream<Path> s = Files.list(docs())) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches("CNN\\d+\\.md")).forEach(n -> {
        try {
          Code.valueOf(n.substring(0, n.length() - 3));
        } catch (IllegalArgumentException e) {
          stale.add(n);
        }
      });
    }
    assertEquals(List.of(), stale, "pages for codes that Code.java no longer has");
  }

  /** The first fenced block of each language. */
  private static Map<String, String> blocks(String markdown) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  private static String render(Path fixture) throws IOException {
    return TextRenderer.render(GoldenDiagnosticsTest.check(fixture, "example.cnn").diagnostics());
  }
}
