package dev.cnnc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * Finds the specs below a source root and gives each its package: the folder path below the root,
 * after an optional prefix ({@code src/main/cnn/com/acme/net.cnn} → {@code com.acme}); files at the
 * root with no prefix go into the default package name.
 */
final class SpecScanner {
  private final String packagePrefix;
  private final String defaultPackage;

  SpecScanner(String packagePrefix, String defaultPackage) {
    this.packagePrefix = packagePrefix == null ? "" : packagePrefix.strip();
    this.defaultPackage = defaultPackage == null ? "" : defaultPackage.strip();
  }

  /** Checks the configured names, so a typo fails before anything is generated. */
  List<String> configurationProblems() {
    List<String> problems = new ArrayList<>();
    if (!packagePrefix.isEmpty() && !SourceVersion.isName(packagePrefix)) {
      problems.add("packagePrefix `" + packagePrefix + "` is not a Java package name");
    }
    if (!defaultPackage.isEmpty() && !SourceVersion.isName(defaultPackage)) {
      problems.add("defaultPackage `" + defaultPackage + "` is not a Java package name");
    }
    return problems;
  }

  /** Every {@code *.cnn} file below root, sorted by relative path (a missing root has none). */
  List<SpecFile> scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<SpecFile> specs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(f -> f.getFileName().toString().endsWith(".cnn") && Files.isRegularFile(f))
          .sorted().toList()) {
        String relative = root.relativize(p).toString().replace('\\', '/');
        specs.add(new SpecFile(p, relative, packageOf(relative)));
      }
    }
    return specs;
  }

  /** The package for a relative path; may be invalid (see {@link #packageProblem}). */
  String packageOf(String relative) {
    int slash = relative.lastIndexOf('/');
    String folders = slash < 0 ? "" : relative.substring(0, slash).replace('/', '.');
    String pkg = packagePrefix.isEmpty() ? folders : folders.isEmpty() ? packagePrefix : packagePrefix + "." + folders;
    return pkg.isEmpty() ? defaultPackage : pkg;
  }

  /** Why a spec's folder cannot be a package, or null when it can. */
  static String packageProblem(SpecFile spec) {
    if (spec.packageName().isEmpty() || SourceVersion.isName(spec.packageName())) {
      return null;
    }
    return spec.relative() + ": its folder gives the package `" + spec.packageName()
        + "`, which is not a Java package name (use folder names that are Java identifiers)";
  }
}
