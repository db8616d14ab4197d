package dev.cnnc.compiler.diag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The long explanation of each code: {@code docs/diagnostics/CNNxxx.md}, bundled as a resource. */
public final class Explanations {
  private Explanations() {}

  public static String text(Code code) {
    try (InputStream in = Explanations.class.getResourceAsStream("/cnnc/diagnostics/" + code.name() + ".md")) {
      if (in == null) {
        throw new IllegalStateException("no explanation bundled for " + code.name());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
