package dev.cnnc.compiler.load;

import dev.cnnc.compiler.ast.Program;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.compiler.syntax.SourceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a file and everything it imports. Relative imports resolve against the importing file's
 * folder. A missing file or a cycle is an error at the import that causes it: for a cycle, at the
 * import in the first file of the cycle, so that checking any file of it reports the cycle there.
 */
public final class ModuleLoader {
  private final Diagnostics diagnostics;
  private final Map<String, Module> loaded = new HashMap<>();
  private final List<String> stack = new ArrayList<>();
  private final List<Stmt.Import> edges = new ArrayList<>();
  private final List<SourceFile> stackFiles = new ArrayList<>();

  public ModuleLoader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  public Module load(SourceFile root) {
    return load(root, key(root));
  }

  private Module load(SourceFile file, String key) {
    Module cached = loaded.get(key);
    if (cached != null) {
      return cached;
    }
    Program program = SourceParser.parse(file, diagnostics);
    stack.add(key);
    stackFiles.add(file);
    List<Module> imports = new ArrayList<>();
    for (Stmt s : program.statements()) {
      if (s instanceof Stmt.Import imp) {
        edges.add(imp);
        resolve(file, imp).ifPresent(imports::add);
        edges.remove(edges.size() - 1);
      }
    }
    stack.remove(stack.size() - 1);
    stackFiles.remove(stackFiles.size() - 1);
    Module m = new Module(program, imports);
    loaded.put(key, m);
    return m;
  }

  private Optional<Module> resolve(SourceFile from, Stmt.Import imp) {
    SourceFile target;
    try {
      if (imp.stdlib()) {
        String name = imp.target().startsWith("stdlib.") ? imp.target().substring("stdlib.".length()) : "";
        Optional<SourceFile> found = name.isEmpty() ? Optional.empty() : SourceLoader.stdlib(name);
        if (found.isEmpty()) {
          Diagnostic.Builder d = Diagnostic.error(Code.CNN012, imp.targetSpan(),
                  "there is no standard-library module `" + imp.target() + "`")
              .label("not in the standard library");
          List<String> modules = SourceLoader.stdlibNames();
          Suggest.closest(name, modules).ifPresentOrElse(g -> d.help("did you mean `import stdlib." + g + "`?"),
              () -> d.note(modules.isEmpty() ? "this build of cnnc bundles no standard-library modules"
                  : "standard-library modules: " + String.join(", ", modules)));
          if (!imp.target().startsWith("stdlib.")) {
            d.help("files are imported with quotes: import \"" + imp.target() + ".cnn\"");
          }
          diagnostics.report(d);
          return Optional.empty();
        }
        target = found.get();
      } else {
        Path base = from.path() == null ? Path.of("") : from.path().toAbsolutePath().getParent();
        Path p = base.resolve(imp.target()).normalize();
        if (!Files.isRegularFile(p)) {
          diagnostics.report(Diagnostic.error(Code.CNN010, imp.targetSpan(),
                  "cannot find the imported file `" + imp.target() + "`")
              .label("no such file")
              .note("looked for " + (from.path() == null ? p.toString() : displayName(from, imp.target(), p)))
              .help("imports are relative to the importing file's folder; check the name and path"));
          return Optional.empty();
        }
        target = SourceLoader.readFile(p, displayName(from, imp.target(), p));
      }
    } catch (IOException e) {
      diagnostics.report(Diagnostic.error(Code.CNN010, imp.targetSpan(),
          "cannot read the imported file `" + imp.target() + "`: " + e.getMessage()).label("unreadable"));
      return Optional.empty();
    }
    String key = key(target);
    int onStack = stack.indexOf(key);
    if (onStack >= 0) {
      reportCycle(onStack, key);
      return Optional.empty();
    }
    return Optional.of(load(target, key));
  }

  /** The cycle runs from stack[onStack] back to itself; report it at stack[onStack]'s import. */
  private void reportCycle(int onStack, String key) {
    Stmt.Import first = edges.get(onStack);
    StringBuilder path = new StringBuilder();
    for (int i = onStack; i < stackFiles.size(); i++) {
      path.append(shortName(stackFiles.get(i))).append(" → ");
    }
    path.append(shortName(stackFiles.get(onStack)));
    diagnostics.report(Diagnostic.error(Code.CNN011, first.targetSpan(),
            "import cycle: " + path)
        .label("`" + first.target() + "` leads back to this file")
        .note("files that import each other cannot be ordered; every definition must come from somewhere first")
        .help("move the shared definitions into a third file that both import"));
  }

  private static String shortName(SourceFile f) {
    // The name as the user wrote it (its last part), not the file system's, so messages match commands.
    String name = f.name();
    return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  }

  private static String displayName(SourceFile from, String target, Path resolved) {
    if (from.path() == null) {
      return target;
    }
    Path parent = Path.of(from.name()).getParent();
    return parent == null ? target : parent.resolve(target).normalize().toString();
  }

  private static String key(SourceFile f) {
    if (f.path() != null) {
      try {
        return f.path().toRealPath().toString();
      } catch (IOException e) {
        return f.path().toAbsolutePath().normalize().toString();
      }
    }
    return f.name();
  }
}
