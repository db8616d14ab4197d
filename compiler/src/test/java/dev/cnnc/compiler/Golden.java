package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison with a bless switch: {@code -Dcnnc.bless=true} rewrites the golden files
 * instead of comparing (review the diff afterwards). Golden files live in this module's
 * {@code src/test/resources}.
 */
public final class Golden {
  public static final boolean BLESS = Boolean.getBoolean("cnnc.bless");

  private Golden() {}

  /** This module's test resources folder (works from the reactor root and from the module). */
  public static Path resources() {
    String root = System.getProperty("cnnc.root");
    Path module = root != null ? Path.of(root, "compiler") : Path.of("").toAbsolutePath();
    return module.resolve("src/test/resources");
  }

  public static void assertMatches(Path golden, String actual) throws IOException {
    if (BLESS) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail("no golden " + golden + "; run `mvn -o -pl compiler test -Dcnnc.bless=true` and review it");
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        () -> golden.getFileName() + " differs; if the change is intended, rerun with -Dcnnc.bless=true and review the diff");
  }
}
