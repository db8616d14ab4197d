package dev.cnnc.compiler.codegen;

import com.palantir.javapoet.JavaFile;
import dev.cnnc.compiler.analysis.Analyzer;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The code generator's façade: a typed network to Java source. */
public final class Codegen {
  private Codegen() {}

  public static JavaCompilation.SourceText generate(TypedNetwork typed, GeneratorOptions options) {
    JavaFile file = ModelGenerator.generate(typed, Analyzer.summarize(typed), options);
    String path = (options.packageName().isEmpty() ? "" : options.packageName().replace('.', '/') + "/")
        + file.typeSpec().name() + ".java";
    return new JavaCompilation.SourceText(path, file.toString());
  }

  /** SHA-256 of text, hex. */
  public static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
