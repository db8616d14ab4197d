package dev.cnnc.maven;

import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.load.Module;
import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files a spec imports, directly or not, each with the SHA-256 of its text. Keys are absolute
 * paths, or {@code stdlib:NAME} for the standard library (its text comes from the plugin's class
 * path, so a new cnnc-stdlib-models jar with a changed block also makes its users stale).
 */
final class ImportClosure {
  private ImportClosure() {}

  static Map<String, String> of(Module root) {
    Map<String, String> closure = new TreeMap<>();
    String rootKey = key(root.program().file());
    collect(root, closure);
    closure.remove(rootKey);
    return closure;
  }

  private static void collect(Module m, Map<String, String> into) {
    for (Module imported : m.imports()) {
      SourceFile f = imported.program().file();
      if (into.putIfAbsent(key(f), Codegen.sha256(f.text())) == null) {
        collect(imported, into);
      }
    }
  }

  static String key(SourceFile f) {
    return f.path() == null ? f.name() : f.path().toAbsolutePath().normalize().toString();
  }

  /** The current hash of a recorded import, or empty when it is gone or unreadable. */
  static Optional<String> currentHash(String key) {
    try {
      if (key.startsWith(SourceLoader.STDLIB_PREFIX)) {
        return SourceLoader.stdlib(key.substring(SourceLoader.STDLIB_PREFIX.length()))
            .map(f -> Codegen.sha256(f.text()));
      }
      Path p = Path.of(key);
      return Files.isRegularFile(p)
          ? Optional.of(Codegen.sha256(Files.readString(p, StandardCharsets.UTF_8)))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable counts as changed; compiling it reports why
    }
  }
}
