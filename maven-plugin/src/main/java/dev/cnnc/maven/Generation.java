package dev.cnnc.maven;

import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.codegen.JavaCompilation.SourceText;
import dev.cnnc.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run of the generator over a source root, incremental by content hash: a spec is compiled
 * again only when its text, the text of a file it imports, one of its generated files or the
 * {@linkplain #fingerprint fingerprint} changed. Files are rewritten only when their content
 * changes, and the outputs of deleted specs (or renamed networks) are removed. Independent of the
 * Maven API so that tests can drive it directly.
 */
final class Generation {
  private final Path sourceRoot;
  private final Path outputRoot;
  private final Path stateFile;
  private final SpecScanner scanner;
  private final SpecCompiler compiler;
  private final String fingerprint;
  private final Map<String, String> parameters;

  Generation(Path sourceRoot, Path outputRoot, Path stateFile, SpecScanner scanner, SpecCompiler compiler,
      String fingerprint, Map<String, String> parameters) {
    this.sourceRoot = sourceRoot;
    this.outputRoot = outputRoot.toAbsolutePath().normalize();
    this.stateFile = stateFile;
    this.scanner = scanner;
    this.compiler = compiler;
    this.fingerprint = fingerprint;
    this.parameters = parameters;
  }

  /** What a run did; errors are the diagnostics' plus the problems; warnings are about the configuration. */
  record Outcome(List<Diagnostic> diagnostics, List<Problem> problems, List<String> warnings, int specs, List<String> compiled,
      int upToDate, List<Path> written, List<Path> deleted) {
    long errorCount() {
      return diagnostics.stream().filter(Diagnostic::isError).count() + problems.size();
    }

    /** Distinct files that hold an error. */
    long filesWithErrors() {
      Set<String> files = new HashSet<>();
      diagnostics.stream().filter(Diagnostic::isError).forEach(d -> files.add(d.span().file().name()));
      problems.forEach(p -> files.add(p.file() == null ? "<configuration>" : p.file()));
      return files.size();
    }
  }

  Outcome run() throws IOException {
    BuildState old = BuildState.load(stateFile);
    boolean allStale = !fingerprint.equals(old.fingerprint) || !outputRoot.toString().equals(old.outputDirectory);
    BuildState next = new BuildState();
    next.fingerprint = fingerprint;
    next.outputDirectory = outputRoot.toString();

    List<Problem> problems = new ArrayList<>();
    scanner.configurationProblems().forEach(m -> problems.add(new Problem(null, m)));
    Map<String, Diagnostic> diagnostics = new LinkedHashMap<>();
    List<String> compiled = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    Map<String, String> claimedBy = new HashMap<>();
    Set<String> usedParameters = new HashSet<>();
    int upToDate = 0;
    boolean anyError = false;
    List<SpecFile> specs = problems.isEmpty() ? scanner.scan(sourceRoot) : List.of();

    for (SpecFile spec : specs) {
      String packageProblem = SpecScanner.packageProblem(spec);
      if (packageProblem != null) {
        problems.add(new Problem(spec.path().toString(), packageProblem));
        continue;
      }
      BuildState.Entry previous = old.specs.get(spec.relative());
      if (!allStale && previous != null && isUpToDate(spec, previous)) {
        claim(spec, previous.outputs.keySet(), claimedBy, problems);
        next.specs.put(spec.relative(), previous);
        upToDate++;
        continue;
      }
      compiled.add(spec.relative());
      SpecCompiler.Result r = compiler.compile(spec);
      usedParameters.addAll(r.usedParameters());
      for (Diagnostic d : r.diagnostics()) {
        // A broken block imported by several specs is reported once.
        diagnostics.putIfAbsent(d.code() + "@" + d.span().location() + ":" + d.message(), d);
      }
      if (r.hasErrors()) {
        anyError = true;
        if (previous != null) {
          // Its classes stay until it compiles again; an empty hash never matches, so it will.
          next.specs.put(spec.relative(), new BuildState.Entry("", previous.imports, previous.outputs));
        }
        continue;
      }
      Map<String, String> outputs = new TreeMap<>();
      for (SourceText s : r.sources()) {
        outputs.put(s.path(), Codegen.sha256(s.text()));
      }
      if (!claim(spec, outputs.keySet(), claimedBy, problems)) {
        continue;
      }
      for (SourceText s : r.sources()) {
        Path target = outputRoot.resolve(s.path());
        if (AtomicOutput.writeIfChanged(target, s.text())) {
          written.add(target);
        }
      }
      next.specs.put(spec.relative(), new BuildState.Entry(r.specHash(), r.imports(), outputs));
    }

    // A warning, not an error: one <configuration> often serves both goals, whose specs differ.
    List<String> warnings = new ArrayList<>();
    if (!anyError && problems.isEmpty() && !specs.isEmpty() && compiled.size() == specs.size()) {
      for (String key : parameters.keySet()) {
        if (!usedParameters.contains(key)) {
          warnings.add("parameter `" + key + "` is declared by no network in " + sourceRoot);
        }
      }
    }

    List<Path> deleted = deleteStale(old, next);
    next.save(stateFile);
    return new Outcome(List.copyOf(diagnostics.values()), problems, warnings, specs.size(), compiled, upToDate, written, deleted);
  }

  private boolean isUpToDate(SpecFile spec, BuildState.Entry previous) throws IOException {
    if (!previous.sha256.equals(Codegen.sha256(Files.readString(spec.path(), StandardCharsets.UTF_8)))) {
      return false;
    }
    for (Map.Entry<String, String> imp : previous.imports.entrySet()) {
      if (!ImportClosure.currentHash(imp.getKey()).map(imp.getValue()::equals).orElse(false)) {
        return false;
      }
    }
    for (Map.Entry<String, String> out : previous.outputs.entrySet()) {
      Path p = outputRoot.resolve(out.getKey());
      if (!Files.isRegularFile(p) || !out.getValue().equals(Codegen.sha256(Files.readString(p, StandardCharsets.UTF_8)))) {
        return false; // deleted or edited by hand: generate it again
      }
    }
    return true;
  }

  /** Records which spec generates each file; two specs generating one class is an error. */
  private static boolean claim(SpecFile spec, Set<String> outputs, Map<String, String> claimedBy, List<Problem> problems) {
    boolean ok = true;
    for (String out : outputs) {
      String other = claimedBy.putIfAbsent(out, spec.relative());
      if (other != null) {
        problems.add(new Problem(spec.path().toString(), "generates " + out + ", which " + other
            + " generates too (rename one network, or move one spec to another folder)"));
        ok = false;
      }
    }
    return ok;
  }

  /** Removes what the last run generated and this one did not (deleted specs, renamed networks). */
  private List<Path> deleteStale(BuildState old, BuildState next) throws IOException {
    Set<String> current = new HashSet<>();
    next.specs.values().forEach(e -> current.addAll(e.outputs.keySet()));
    Path oldRoot = old.outputDirectory == null ? outputRoot : Path.of(old.outputDirectory);
    boolean sameRoot = oldRoot.equals(outputRoot);
    List<Path> deleted = new ArrayList<>();
    for (BuildState.Entry e : old.specs.values()) {
      for (String out : e.outputs.keySet()) {
        if (sameRoot && current.contains(out)) {
          continue;
        }
        Path p = oldRoot.resolve(out);
        if (AtomicOutput.deleteWithEmptyParents(p, oldRoot)) {
          deleted.add(p);
        }
      }
    }
    return deleted;
  }
}
