package dev.cnnc.cli;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.codegen.GeneratorOptions;
import dev.cnnc.compiler.codegen.JavaCompilation;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.runtime.model.Model;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one execution path: spec → check → generated Java → compiled in process → a {@link Model}.
 * Compiled classes are cached by the hash of the generated source (and the JVM's version) under
 * {@code $CNNC_CACHE} (default {@code ~/.cache/cnnc}), so a second run starts at once.
 */
public final class ModelLoader {
  /** The spec has errors; the rendered diagnostics are the message (exit code 1). */
  public static final class SpecErrors extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SpecErrors(String rendered) {
      super(rendered);
    }
  }

  static final String PACKAGE = "cnnc.generated";

  private ModelLoader() {}

  public static LoadedModel load(String spec, Map<String, String> overrides, int maxBatch) throws IOException {
    return load(spec, overrides, maxBatch, null, 0L);
  }

  /** As {@link #load(String, Map, int)}, choosing a network by name when the file has several. */
  public static LoadedModel load(String spec, Map<String, String> overrides, int maxBatch, String network, long seed)
      throws IOException {
    Compilation c = CnnCompiler.check(CnnCompiler.read(spec), overrides);
    if (c.hasErrors()) {
      throw new SpecErrors(TextRenderer.render(c.diagnostics()));
    }
    TypedNetwork typed = pick(c, network, spec);
    JavaCompilation.SourceText source = Codegen.generate(typed,
        new GeneratorOptions(PACKAGE, null, Version.cnnc(), spec, Codegen.sha256(typed.network().name() + spec)));
    String key = Codegen.sha256(source.text() + "\n" + Version.cnnc() + "\n" + System.getProperty("java.version")).substring(0, 24);
    Path classes = cacheRoot().resolve("classes").resolve(key);
    Class<?> type = JavaCompilation.compileAndLoad(source, classes, runtimeClasspath(), Model.class.getClassLoader());
    try {
      Model model = (Model) type.getConstructor(int.class, long.class).newInstance(maxBatch, seed);
      return new LoadedModel(model, typed.network().train(), typed.network().name());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate the generated " + type.getName() + ": " + e, e);
    }
  }

  private static TypedNetwork pick(Compilation c, String network, String spec) {
    if (c.networks().isEmpty()) {
      throw new UsageException(spec + " defines no network (only definitions)");
    }
    if (network == null) {
      if (c.networks().size() > 1) {
        throw new UsageException(spec + " has several networks; choose one with --network NAME");
      }
      return c.networks().get(0);
    }
    return c.networks().stream().filter(n -> n.network().name().equals(network)).findFirst()
        .orElseThrow(() -> new UsageException("no network `" + network + "` in " + spec));
  }

  static Path cacheRoot() {
    String env = System.getenv("CNNC_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "cnnc");
  }

  /** The class path generated code compiles against: the runtime's jar or class folder. */
  public static String runtimeClasspath() {
    try {
      return Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | NullPointerException e) {
      return System.getProperty("java.class.path", "") + File.pathSeparator;
    }
  }
}
