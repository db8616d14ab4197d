package dev.cnnc.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the conformance corpus is: the project's copy {@code spec/}, kept in sync with ../shared/spec. */
final class Corpus {
  private Corpus() {}

  static Path root() {
    String root = System.getProperty("cnnc.root");
    Path base = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return base.resolve("spec");
  }

  static Path shared() {
    String shared = System.getProperty("cnnc.shared");
    return shared == null ? null : Path.of(shared, "spec");
  }

  static List<Path> files(String folder) {
    try (Stream<Path> s = Files.walk(root().resolve(folder))) {
      return s.filter(p -> p.toString().endsWith(".cnn")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
