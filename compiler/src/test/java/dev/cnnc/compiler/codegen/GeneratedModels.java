package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.runtime.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: spec text → checked → generated → compiled (-Werror) → a live Model. */
final class GeneratedModels {
  static final String PACKAGE = "cnnc.test";

  private GeneratedModels() {}

  static TypedNetwork typed(SourceFile file, Map<String, String> sets) {
    Compilation c = CnnCompiler.check(file, sets);
    assertFalse(c.hasErrors(), () -> TextRenderer.render(c.diagnostics()));
    return c.networks().get(0);
  }

  static JavaCompilation.SourceText source(TypedNetwork t) {
    return Codegen.generate(t, new GeneratorOptions(PACKAGE, null, "test", "test.cnn", "0"));
  }

  static Model model(String specText, int maxBatch, long seed) throws IOException {
    return model(typed(SourceFile.of("test.cnn", specText), Map.of()), maxBatch, seed);
  }

  static Model model(TypedNetwork t, int maxBatch, long seed) throws IOException {
    Path dir = Files.createTempDirectory(scratchRoot(), "gen").resolve("classes");
    Class<?> type = JavaCompilation.compileAndLoad(source(t), dir, runtimeClasspath(), Model.class.getClassLoader());
    try {
      return (Model) type.getConstructor(int.class, long.class).newInstance(maxBatch, seed);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Generated test classes go under target/, which {@code mvn clean} removes, not into /tmp. */
  static Path scratchRoot() throws IOException {
    return Files.createDirectories(Path.of("target", "generated-test-models"));
  }

  static String runtimeClasspath() {
    try {
      return Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
