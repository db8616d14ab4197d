package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.load.Module;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code let} statements into definitions: constants, partial layers and blocks. A file sees
 * its own definitions over those of everything it imports (transitively).
 */
final class DefinitionCollector {
  private final Diagnostics diagnostics;
  private final Evaluator evaluator;
  private final Map<Module, Definitions> done = new IdentityHashMap<>();

  DefinitionCollector(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.evaluator = new Evaluator(diagnostics);
  }

  /** The definitions visible at the top level of a module. */
  Definitions of(Module module) {
    Definitions cached = done.get(module);
    if (cached != null) {
      return cached;
    }
    Definitions imported = new Definitions(null);
    for (Module m : module.imports()) {
      exportInto(m, imported, new IdentityHashMap<>());
    }
    Definitions own = new Definitions(imported);
    for (Stmt s : module.program().statements()) {
      if (s instanceof Stmt.Let let) {
        define(let, own);
      }
    }
    done.put(module, own);
    return own;
  }

  private void exportInto(Module m, Definitions target, Map<Module, Boolean> seen) {
    if (seen.put(m, true) != null) {
      return;
    }
    for (Module inner : m.imports()) {
      exportInto(inner, target, seen);
    }
    Definitions defs = of(m);
    for (Stmt s : m.program().statements()) {
      if (s instanceof Stmt.Let let) {
        Definition d = defs.ownDefinition(let.name().name());
        if (d != null) {
          target.define(d);
        }
      }
    }
  }

  /** Adds a let's definition to {@code defs}, reporting a second definition of a name. */
  void define(Stmt.Let let, Definitions defs) {
    String name = let.name().name();
    Definition previous = defs.ownDefinition(name);
    if (previous != null) {
      diagnostics.report(Diagnostic.error(Code.CNN027, let.name().span(), "`" + name + "` is defined twice")
          .label("second definition")
          .secondary(previous.name().span(), "first definition")
          .help("rename one of them"));
      return;
    }
    if (Signatures.lookup(name) != null || name.equals("ID")) {
      diagnostics.report(Diagnostic.error(Code.CNN027, let.name().span(), "`" + name + "` is a built-in layer name")
          .label("cannot be redefined")
          .help("choose another name, e.g. `My" + name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT) + "`"));
      defs.reject(name);
      return;
    }
    if (let.value() != null) {
      evaluator.eval(let.value(), defs.values).ifPresent(v -> defs.define(new Definition.Constant(let.name(), v)));
      return;
    }
    if (let.params() == null) {
      Optional<Definition> simple = partialOrAlias(let, defs);
      if (simple.isPresent()) {
        defs.define(simple.get());
        return;
      }
    }
    defs.define(new Definition.Block(let.name(), let.params(), let.chain(), defs));
  }

  /** {@code let X = CONV(…)} or {@code let X = OtherPartial(…)}; empty when it is a block. */
  private Optional<Definition> partialOrAlias(Stmt.Let let, Definitions defs) {
    List<Chain.Element> elements = let.chain().elements();
    if (elements.size() != 1 || elements.get(0).tap() != null
        || !(elements.get(0).primary() instanceof Chain.Call call)) {
      return Optional.empty();
    }
    LayerSignature sig = Signatures.lookup(call.name().name());
    List<RawArg> base = new ArrayList<>();
    if (sig == null) {
      Definition d = defs.lookup(call.name().name());
      if (d instanceof Definition.Partial p) {
        sig = p.signature();
        base.addAll(p.args());
      } else if (d instanceof Definition.Constant c && !call.parens()) {
        return Optional.of(new Definition.Constant(let.name(), c.value()));
      } else {
        return Optional.empty();
      }
    }
    int layer = base.stream().mapToInt(RawArg::layer).max().orElse(-1) + 1;
    List<RawArg> args = new ArrayList<>(base);
    for (var a : call.args()) {
      Optional<Value> v = evaluator.eval(a.value(), defs.values);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      args.add(new RawArg(a.positional() ? null : a.name().name(), a.positional() ? null : a.name().span(),
          v.get(), a.span(), layer));
    }
    return Optional.of(new Definition.Partial(let.name(), sig, List.copyOf(args)));
  }
}
