package dev.cnnc.compiler.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources in process (javax.tools) into a class folder, and loads them. Used by
 * the CLI (with a cache keyed by the source's hash), by {@code cnnc compile --jar} and by tests.
 */
public final class JavaCompilation {
  /** Compilation failed; the message holds javac's diagnostics (a bug in cnnc if it ever happens). */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private JavaCompilation() {}

  /**
   * Compiles {@code sources} (relative path → text) into {@code classes}, with -Xlint:all -Werror so
   * that generated code stays warning-free. Writes to a temporary folder first, then moves it in
   * place, so a cache folder is never half-written.
   */
  public static void compile(List<SourceText> sources, Path classes, String classpath) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new Failure("no Java compiler in this runtime: run cnnc on a JDK, not a JRE");
    }
    try {
      Path parent = classes.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempDirectory(parent, ".cnnc-build-");
      Path src = tmp.resolve("src");
      Path out = tmp.resolve("classes");
      Files.createDirectories(out);
      List<Path> files = new ArrayList<>();
      for (SourceText s : sources) {
        Path p = src.resolve(s.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, s.text(), StandardCharsets.UTF_8);
        files.add(p);
      }
      DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
      try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
        fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
        List<String> options = List.of("-classpath", classpath, "-Xlint:all,-processing,-options", "-Werror",
            "--release", "17", "-proc:none", "-g");
        boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        if (!ok || !diags.getDiagnostics().isEmpty()) {
          StringBuilder msg = new StringBuilder("generated code did not compile cleanly:\n");
          for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            msg.append(d.getKind()).append(' ').append(d.getSource() == null ? "" : d.getSource().getName())
                .append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
          }
          if (!ok || diags.getDiagnostics().stream().anyMatch(d -> d.getKind() != Diagnostic.Kind.NOTE)) {
            throw new Failure(msg.toString());
          }
        }
      }
      if (Files.exists(classes)) {
        deleteTree(classes);
      }
      Files.move(out, classes, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A class loader over a class folder, child of this class's loader (which sees the runtime). */
  public static ClassLoader loader(Path classes, ClassLoader parent) {
    try {
      return new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles one source into {@code classes} unless that folder exists, and loads its class. */
  public static Class<?> compileAndLoad(SourceText source, Path classes, String classpath, ClassLoader parent) {
    if (!Files.isDirectory(classes)) {
      compile(List.of(source), classes, classpath);
    }
    String name = source.path().replace('/', '.').substring(0, source.path().length() - ".java".length());
    try {
      return Class.forName(name, true, loader(classes, parent));
    } catch (ClassNotFoundException e) {
      throw new Failure("compiled " + source.path() + " but cannot load " + name + ": " + e.getMessage());
    }
  }

  /** Deletes a folder and everything in it (nothing if it does not exist). */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A source file's path below the source root (e.g. {@code cnnc/models/LeNet5.java}) and text. */
  public record SourceText(String path, String text) {}
}
