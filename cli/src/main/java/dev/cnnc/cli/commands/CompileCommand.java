package dev.cnnc.cli.commands;

import dev.cnnc.cli.ExitCodes;
import dev.cnnc.cli.ModelLoader;
import dev.cnnc.cli.UsageException;
import dev.cnnc.cli.Version;
import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.codegen.GeneratorOptions;
import dev.cnnc.compiler.codegen.JavaCompilation;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.runtime.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cnnc compile SPEC -o DIR}: the network as readable Java source (and optionally a jar). */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Generate a Java class for a network (it implements dev.cnnc.runtime.model.Model).",
    footer = {"", "Writes DIR/<package path>/<Network>.java; with --jar also compiles it into DIR/<Network>.jar,",
        "which needs only cnnc-runtime on the class path.",
        "Exit codes: 0 ok, 1 the spec has errors, 2 usage error, 3 I/O error."})
public final class CompileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "A .cnn file or stdlib:NAME.")
  String file;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(names = "--package", paramLabel = "P", defaultValue = "cnnc.generated",
      description = "Java package of the generated class (default: ${DEFAULT-VALUE}).")
  String packageName;

  @Option(names = "--class", paramLabel = "NAME", description = "Class name (default: the network's name).")
  String className;

  @Mixin
  NetworkOption network;

  @Option(names = "--jar", description = "Also compile the source into DIR/<Network>.jar.")
  boolean jar;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws IOException {
    if (!packageName.matches("([A-Za-z_$][A-Za-z0-9_$]*)(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
      throw new UsageException("--package must be a Java package name like com.acme.nets, not `" + packageName + "`");
    }
    if (className != null && !className.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
      throw new UsageException("--class must be a Java identifier, not `" + className + "`");
    }
    CheckedSpec checked = CheckedSpec.load(file, network.name(), common, spec.commandLine().getErr());
    if (checked == null) {
      return ExitCodes.INPUT_ERRORS;
    }
    TypedNetwork typed = checked.network();
    SourceFile source = checked.source();
    JavaCompilation.SourceText java = Codegen.generate(typed,
        new GeneratorOptions(packageName, className, Version.cnnc(), file, Codegen.sha256(source.text())));
    Path target = output.resolve(java.path());
    AtomicFiles.writeString(target, java.text());
    var out = spec.commandLine().getOut();
    out.println("wrote " + target);
    if (jar) {
      String simple = java.path().substring(java.path().lastIndexOf('/') + 1).replace(".java", "");
      Path scratch = Files.createTempDirectory("cnnc-jar");
      Path jarFile = output.resolve(simple + ".jar");
      try {
        Path classes = scratch.resolve("classes");
        JavaCompilation.compile(List.of(java), classes, ModelLoader.runtimeClasspath());
        AtomicFiles.write(jarFile, stream -> writeJar(classes, stream));
      } finally {
        JavaCompilation.deleteTree(scratch);
      }
      out.println("wrote " + jarFile + " (needs cnnc-runtime on the class path)");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void writeJar(Path classes, OutputStream stream) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Created-By", "cnnc " + Version.cnnc());
    try (JarOutputStream jar = new JarOutputStream(stream, manifest); Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        JarEntry e = new JarEntry(classes.relativize(p).toString().replace('\\', '/'));
        e.setTime(0); // reproducible jars
        jar.putNextEntry(e);
        Files.copy(p, jar);
        jar.closeEntry();
      }
    }
  }
}
