package dev.cnnc.compiler;

import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Path;

/** Test helper: a corpus file named as a user would name it (relative to the corpus root). */
final class SourceLoaderFor {
  private SourceLoaderFor() {}

  static SourceFile file(Path path) throws IOException {
    return SourceLoader.readFile(path, Corpus.root().getParent().relativize(path).toString());
  }
}
