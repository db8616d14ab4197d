package dev.cnnc.compiler;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.ir.Network;
import dev.cnnc.compiler.load.Module;
import dev.cnnc.compiler.load.ModuleLoader;
import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.compiler.resolve.Resolver;
import dev.cnnc.compiler.shapes.ShapeChecker;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiler's façade: text to typed networks. Every stage reports into one diagnostics list;
 * a network reaches the shape checker only if it resolved without errors.
 */
public final class CnnCompiler {
  private CnnCompiler() {}

  /** Checks a source (with {@code --set} overrides). */
  public static Compilation check(SourceFile file, Map<String, String> overrides) {
    Diagnostics diagnostics = new Diagnostics();
    Module module = new ModuleLoader(diagnostics).load(file);
    List<TypedNetwork> typed = new ArrayList<>();
    if (!diagnostics.hasErrors()) {
      List<Network> networks = new Resolver(diagnostics).resolve(module, overrides);
      for (Network n : networks) {
        ShapeChecker.check(n, diagnostics).ifPresent(typed::add);
      }
    }
    return new Compilation(diagnostics.sorted(), diagnostics.hasErrors() ? List.of() : typed);
  }

  /**
   * Reads {@code FILE} or {@code stdlib:NAME}.
   *
   * @throws NoSuchFileException when there is no such file or standard-library model
   */
  public static SourceFile read(String fileOrStdlib) throws IOException {
    if (fileOrStdlib.startsWith(SourceLoader.STDLIB_PREFIX)) {
      String name = fileOrStdlib.substring(SourceLoader.STDLIB_PREFIX.length());
      Optional<SourceFile> found = SourceLoader.stdlib(name);
      if (found.isEmpty()) {
        throw new NoSuchFileException(fileOrStdlib, null, "no such standard-library model"
            + dev.cnnc.compiler.diag.Suggest.closest(name, SourceLoader.stdlibNames()).map(g -> " (did you mean stdlib:" + g + "?)").orElse(""));
      }
      return found.get();
    }
    return SourceLoader.readFile(Path.of(fileOrStdlib), fileOrStdlib);
  }
}
