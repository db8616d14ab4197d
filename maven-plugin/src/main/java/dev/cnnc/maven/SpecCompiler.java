package dev.cnnc.maven;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.codegen.GeneratorOptions;
import dev.cnnc.compiler.codegen.JavaCompilation.SourceText;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.load.Module;
import dev.cnnc.compiler.load.ModuleLoader;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one spec and generates a Java class per network in it. The build's {@code <parameters>}
 * apply to each spec whose networks declare them (a block file declares none, and must not fail
 * for a parameter meant for another spec); {@code round} applies everywhere, as with {@code --set}.
 */
final class SpecCompiler {
  private final String version;
  private final Map<String, String> parameters;

  SpecCompiler(String version, Map<String, String> parameters) {
    this.version = version;
    this.parameters = parameters;
  }

  /**
   * What compiling a spec gave: its diagnostics, the hashes of its imports, the generated sources
   * (none when it has errors) and the parameter names it used.
   */
  record Result(String specHash, List<Diagnostic> diagnostics, Map<String, String> imports,
      List<SourceText> sources, Set<String> usedParameters) {
    boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  Result compile(SpecFile spec) throws IOException {
    String text = Files.readString(spec.path(), StandardCharsets.UTF_8);
    // Diagnostics name the absolute path, which IDEs and terminals turn into links.
    SourceFile source = new SourceFile(spec.path().toAbsolutePath().toString(), spec.path(), text);
    // A second, cheap load just for the import closure: the façade does not hand out the module.
    Module module = new ModuleLoader(new Diagnostics()).load(source);
    Map<String, String> imports = ImportClosure.of(module);
    Map<String, String> applicable = applicable(module);
    Compilation c = CnnCompiler.check(source, applicable);
    String specHash = Codegen.sha256(text);
    List<SourceText> sources = new ArrayList<>();
    if (!c.hasErrors()) {
      for (TypedNetwork typed : c.networks()) {
        sources.add(Codegen.generate(typed,
            new GeneratorOptions(spec.packageName(), null, version, spec.relative(), specHash)));
      }
    }
    return new Result(specHash, c.diagnostics(), imports, sources, applicable.keySet());
  }

  private Map<String, String> applicable(Module module) {
    Set<String> declared = new HashSet<>();
    declared.add("round");
    for (Stmt s : module.program().statements()) {
      if (s instanceof Stmt.Network n) {
        n.params().forEach(p -> declared.add(p.name().name()));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (declared.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
