package dev.cnnc.compiler;

import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.List;

/** What checking a file gives: its diagnostics (sorted) and the networks that checked. */
public record Compilation(List<Diagnostic> diagnostics, List<TypedNetwork> networks) {
  public Compilation {
    diagnostics = List.copyOf(diagnostics);
    networks = List.copyOf(networks);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  public long errorCount() {
    return diagnostics.stream().filter(Diagnostic::isError).count();
  }
}
