package dev.cnnc.compiler.load;

import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds source text: files on disk, and standard-library modules ({@code stdlib.resnet} or
 * {@code stdlib:resnet18}) as class-path resources {@code cnnc/stdlib/NAME.cnn}, or in the folder
 * named by the system property {@code cnnc.stdlib.dir} (used when running from a source tree).
 */
public final class SourceLoader {
  public static final String STDLIB_PREFIX = "stdlib:";

  private SourceLoader() {}

  public static SourceFile readFile(Path path, String displayName) throws IOException {
    return new SourceFile(displayName, path, Files.readString(path, StandardCharsets.UTF_8));
  }

  /** The standard-library module NAME, if it exists. */
  public static Optional<SourceFile> stdlib(String name) throws IOException {
    if (!name.matches("[A-Za-z0-9_]+")) {
      return Optional.empty();
    }
    String dir = System.getProperty("cnnc.stdlib.dir");
    if (dir != null) {
      Path p = Path.of(dir, name + ".cnn");
      if (Files.isRegularFile(p)) {
        return Optional.of(new SourceFile(STDLIB_PREFIX + name, null, Files.readString(p, StandardCharsets.UTF_8)));
      }
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SourceLoader.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream("cnnc/stdlib/" + name + ".cnn")) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new SourceFile(STDLIB_PREFIX + name, null, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  /** Names of the bundled standard-library modules (from the resource index), for suggestions. */
  public static java.util.List<String> stdlibNames() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SourceLoader.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream("cnnc/stdlib/INDEX")) {
      if (in == null) {
        return java.util.List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
    } catch (IOException e) {
      return java.util.List.of();
    }
  }
}
