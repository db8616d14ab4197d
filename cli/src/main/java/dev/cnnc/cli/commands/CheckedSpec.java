package dev.cnnc.cli.commands;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;

/** A spec read and checked for a command that needs one network: the source and the chosen network. */
record CheckedSpec(SourceFile source, TypedNetwork network) {
  /** The checked spec, or null after printing its diagnostics (the command then exits with 1). */
  static CheckedSpec load(String file, String network, CommonOptions common, PrintWriter err) throws IOException {
    SourceFile source = CnnCompiler.read(file);
    Compilation c = CnnCompiler.check(source, common.overrides());
    if (c.hasErrors()) {
      err.print(TextRenderer.render(c.diagnostics()));
      err.flush();
      return null;
    }
    return new CheckedSpec(source, Networks.choose(c, network, file));
  }
}
