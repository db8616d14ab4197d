package dev.cnnc.maven;

import dev.cnnc.compiler.codegen.Codegen;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything besides the specs that decides what is generated: the cnnc version, the package
 * settings and the parameters. A snapshot version says little (the generator changes under the
 * same number), so for snapshots the compiler jar's own hash is part of it.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String of(String version, String packagePrefix, String defaultPackage, Map<String, String> parameters) {
    StringBuilder s = new StringBuilder();
    s.append("format=").append(BuildState.FORMAT).append('\n');
    s.append("version=").append(version).append('\n');
    if (version == null || version.endsWith("-SNAPSHOT")) {
      s.append("compiler=").append(compilerJarHash()).append('\n');
    }
    s.append("packagePrefix=").append(packagePrefix).append('\n');
    s.append("defaultPackage=").append(defaultPackage).append('\n');
    new TreeMap<>(parameters).forEach((k, v) -> s.append("parameter.").append(k).append('=').append(v).append('\n'));
    return Codegen.sha256(s.toString());
  }

  /** SHA-256 of the jar holding the code generator ("classes" when it is a folder, as in tests). */
  private static String compilerJarHash() {
    CodeSource cs = Codegen.class.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return "unknown";
    }
    try {
      Path p = Path.of(cs.getLocation().toURI());
      if (!Files.isRegularFile(p)) {
        return "classes";
      }
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException | IllegalArgumentException e) {
      return "unknown";
    }
  }
}
