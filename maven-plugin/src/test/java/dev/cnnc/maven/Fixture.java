package dev.cnnc.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of a fixture project (from src/it, or any folder) built by a nested Maven against the
 * staged repository target/local-repo. A Java test rather than invoker scripts: the scenarios
 * edit files between builds, which invoker's one-build-per-project model does not do.
 */
final class Fixture {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final String VERSION = System.getProperty("cnnc.it.version", "0.1.0-SNAPSHOT");

  final Path dir;
  private final Path settings;

  private Fixture(Path dir, Path settings) {
    this.dir = dir;
    this.settings = settings;
  }

  /** Copies src/it/NAME (or another folder) to target/it/NAME, filling in {@code @project.version@}. */
  static Fixture copy(Path from, String name) throws IOException {
    Path to = MODULE.resolve("target/it/" + name);
    deleteTree(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (rel.startsWith("target")) {
          continue;
        }
        Path q = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else if (p.getFileName().toString().equals("pom.xml")) {
          Files.writeString(q, Files.readString(p).replace("@project.version@", VERSION));
        } else {
          Files.copy(p, q);
        }
      }
    }
    String repo = System.getProperty("cnnc.it.repo", MODULE.resolve("target/local-repo").toString());
    Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
    String settingsText = Files.readString(MODULE.resolve("src/it/settings.xml"))
        .replace("@localRepository@", repo)
        .replace("@userRepositoryUrl@", userRepo.toUri().toString());
    Path settings = to.resolve("it-settings.xml");
    Files.writeString(settings, settingsText);
    return new Fixture(to, settings);
  }

  static Fixture copy(String name) throws IOException {
    return copy(MODULE.resolve("src/it/" + name), name);
  }

  /** What a build printed and how it ended. */
  record Build(int exitCode, String log) {
    Build assertSuccess() {
      assertTrue(exitCode == 0, "build failed:\n" + log);
      return this;
    }
  }

  Build mvn(String... goals) throws IOException, InterruptedException {
    String home = System.getProperty("maven.home");
    String mvn = home == null ? "mvn" : Path.of(home, "bin", "mvn").toString();
    List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-s", settings.toString()));
    cmd.addAll(List.of(goals));
    Path logFile = dir.resolve("build-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("build timed out: " + Files.readString(logFile));
    }
    return new Build(p.exitValue(), Files.readString(logFile, StandardCharsets.UTF_8));
  }

  /** Every file below a folder of the fixture with its bytes' hash and modification time. */
  Map<String, String> snapshot(String folder) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path root = dir.resolve(folder);
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'),
            stamp(p));
      }
    }
    return out;
  }

  /** A file's content hash and modification time. */
  static String stamp(Path p) throws IOException {
    FileTime t = Files.getLastModifiedTime(p);
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
      return java.util.HexFormat.of().formatHex(d) + "@" + t.toInstant();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
