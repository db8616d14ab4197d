package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's {@code spec/} is a copy of the team's conformance corpus {@code ../shared/spec}; when
 * that folder is present (on developer machines), the copy must be identical, so that a change to
 * the corpus cannot be missed. On a machine without it the test is skipped, and says so.
 */
class CorpusSyncTest {
  @Test
  void projectCopyEqualsTheSharedCorpus() throws IOException {
    Path shared = Corpus.shared();
    assumeTrue(shared != null && Files.isDirectory(shared), "no ../shared/spec on this machine");
    assertEquals(contents(shared), contents(Corpus.root()),
        "spec/ differs from ../shared/spec: copy the shared corpus over (cp -r ../shared/spec .)");
  }

  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }
}
