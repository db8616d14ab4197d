package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.analysis.Analyzer;
import dev.cnnc.compiler.analysis.Summary;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
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
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance corpus as tests: every {@code ok/} program checks and meets its {@code # expect:}
 * lines; every {@code errors/} program gives exactly its {@code # ~error:} markers (line and text).
 */
class SpecCorpusTest {
  private static final Pattern EXPECT = Pattern.compile("^#\\s*expect(?: with ([^:]*))?:\\s*(.*)$");
  private static final Pattern MARKER = Pattern.compile("#\\s*~error:\\s*(.*)$");

  @TestFactory
  Stream<DynamicTest> okProgramsCheckAndMeetTheirExpectations() {
    return Corpus.files("ok").stream().map(path -> DynamicTest.dynamicTest(
        Corpus.root().relativize(path).toString(), () -> checkOk(path)));
  }

  @TestFactory
  Stream<DynamicTest> errorProgramsGiveExactlyTheirMarkedErrors() {
    return Corpus.files("errors").stream().map(path -> DynamicTest.dynamicTest(
        Corpus.root().relativize(path).toString(), () -> checkErrors(path)));
  }

  private static void checkOk(Path path) throws Exception {
    List<String> lines = Files.readAllLines(path);
    List<String[]> expectations = new ArrayList<>();
    for (String line : lines) {
      Matcher m = EXPECT.matcher(line.strip());
      if (m.matches()) {
        expectations.add(new String[] {m.group(1) == null ? "" : m.group(1), m.group(2)});
      }
    }
    if (expectations.isEmpty()) {
      expectations.add(new String[] {"", ""}); // still must check cleanly
    }
    for (String[] e : expectations) {
      Map<String, String> sets = pairs(e[0]);
      Compilation c = CnnCompiler.check(SourceLoaderFor.file(path), sets);
      String rendered = TextRenderer.render(c.diagnostics());
      assertFalse(c.hasErrors(), () -> path + " should check but gives:\n" + rendered);
      if (e[1].isEmpty()) {
        continue;
      }
      assertEquals(1, c.networks().size(), "one network expected in " + path);
      TypedNetwork net = c.networks().get(0);
      Summary s = Analyzer.summarize(net);
      Map<String, String> want = pairs(e[1]);
      for (Map.Entry<String, String> w : want.entrySet()) {
        String got = switch (w.getKey()) {
          case "output" -> net.shape(net.network().outputs().get(0).node()).show();
          case "trainable" -> Long.toString(s.trainable());
          case "non-trainable" -> Long.toString(s.nonTrainable());
          case "macs" -> Long.toString(s.macs());
          case "rf" -> s.rfSize() + "/" + s.rfJump();
          default -> throw new AssertionError("unknown expectation key " + w.getKey() + " in " + path);
        };
        assertEquals(w.getValue(), got, path.getFileName() + " " + (e[0].isEmpty() ? "" : "with " + e[0] + " ") + w.getKey());
      }
    }
  }

  private static void checkErrors(Path path) throws Exception {
    List<String> lines = Files.readAllLines(path);
    Map<Integer, List<String>> markers = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (m.find()) {
        List<String> parts = new ArrayList<>();
        for (String p : m.group(1).split("\\|")) {
          parts.add(p.strip());
        }
        markers.put(i + 1, parts);
      }
    }
    SourceFile file = SourceLoaderFor.file(path);
    Compilation c = CnnCompiler.check(file, Map.of());
    List<Diagnostic> here = c.diagnostics().stream()
        .filter(d -> d.isError() && d.span().file().name().equals(file.name())).toList();
    String all = TextRenderer.render(c.diagnostics());
    assertEquals(markers.size(), here.size(), () -> path.getFileName() + ": expected " + markers.size()
        + " errors at lines " + markers.keySet() + " but got:\n" + all);
    for (Map.Entry<Integer, List<String>> m : markers.entrySet()) {
      Diagnostic match = here.stream().filter(d -> d.span().line() == m.getKey()).findFirst().orElse(null);
      assertTrue(match != null, () -> path.getFileName() + ":" + m.getKey() + ": no error on this line; got:\n" + all);
      String text = TextRenderer.render(match);
      for (String needle : m.getValue()) {
        assertTrue(text.contains(needle), () -> path.getFileName() + ":" + m.getKey() + ": error lacks `" + needle + "`:\n" + text);
      }
    }
  }

  private static Map<String, String> pairs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String tok : text.strip().split("\\s+")) {
      int eq = tok.indexOf('=');
      if (eq > 0) {
        out.put(tok.substring(0, eq), tok.substring(eq + 1));
      }
    }
    return out;
  }
}
