package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Arg;
import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Param;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Frame;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands chains into graph nodes: layers and partials become nodes, blocks expand in place with
 * their parameters bound, repetitions unroll, branches fork from the incoming tensor or a tap.
 * {@code null} as the incoming tensor means "no tensor yet" (only INPUT or a tap may start).
 */
final class Expander {
  private final Diagnostics diagnostics;
  private final Evaluator evaluator;
  private final ArgBinder binder;
  private final GraphBuilder graph;

  Expander(Diagnostics diagnostics, GraphBuilder graph) {
    this.diagnostics = diagnostics;
    this.evaluator = new Evaluator(diagnostics);
    this.binder = new ArgBinder(diagnostics);
    this.graph = graph;
  }

  Node chain(Chain chain, Node incoming, NameScope names, Definitions defs, Scope scope) {
    Node current = incoming;
    boolean first = true;
    for (Chain.Element e : chain.elements()) {
      // After a failure the rest of the chain is still bound (its own argument errors are
      // independent) but makes no nodes: FAILED flows on.
      graph.lastRepeatEmpty = false;
      current = element(e, current, first, names, defs, scope);
      first = false;
      if (e.tap() != null && graph.lastRepeatEmpty && e.primary() instanceof Chain.Repeat) {
        graph.vanishedTaps.add(e.tap().name());
      }
      if (e.tap() != null) {
        defineTap(e.tap().name(), e.tap().span(), current, e);
      }
    }
    return current;
  }

  private void defineTap(String name, Span at, Node node, Chain.Element e) {
    GraphBuilder.Tap previous = graph.taps.get(name);
    if (previous != null) {
      diagnostics.report(Diagnostic.error(Code.CNN026, at, "tap `" + name + "` is defined twice")
          .label("second definition")
          .secondary(previous.span(), "first defined here")
          .notes(graph.context())
          .help("give this tensor another name, e.g. `as " + name + "_2`"));
      return;
    }
    if (node == null) {
      diagnostics.report(Diagnostic.error(Code.CNN029, at, "tap `" + name + "` names no tensor").label("nothing flows here"));
      node = GraphBuilder.FAILED;
    }
    graph.taps.put(name, new GraphBuilder.Tap(node, at));
  }

  private Node element(Chain.Element e, Node incoming, boolean first, NameScope names, Definitions defs, Scope scope) {
    Chain.Primary p = e.primary();
    if (p instanceof Chain.Repeat r) {
      return repeat(r, incoming, names, defs, scope);
    }
    if (p instanceof Chain.Branch b) {
      return branch(b, incoming, names, defs, scope);
    }
    return call((Chain.Call) p, e, incoming, first, names, defs, scope);
  }

  private Node repeat(Chain.Repeat r, Node incoming, NameScope names, Definitions defs, Scope scope) {
    Optional<Value> v = evaluator.eval(r.count(), scope);
    if (v.isEmpty()) {
      return GraphBuilder.FAILED;
    }
    Integer n = ArgBinder.integer(v.get());
    if (n != null && n > GraphBuilder.MAX_LAYERS) {
      diagnostics.report(Diagnostic.error(Code.CNN023, r.count().span(),
              "a repetition count of " + n + " is beyond any real network")
          .label("too many").help("use a count of at most " + GraphBuilder.MAX_LAYERS));
      return GraphBuilder.FAILED;
    }
    if (n == null || n < 0) {
      diagnostics.report(Diagnostic.error(Code.CNN023, r.count().span(),
              "a repetition count must be a whole number ≥ 0, not `" + v.get().show() + "`")
          .label("invalid count").notes(graph.context()));
      return GraphBuilder.FAILED;
    }
    if (n == 0) {
      graph.lastRepeatEmpty = true;
      // A literal `* 0` is a slip; a parameter set to 0 (`--set aux=0`) is a deliberate switch.
      if (graph.atTopLevel() && r.count() instanceof dev.cnnc.compiler.ast.Expr.Int) {
        diagnostics.report(Diagnostic.warning(Code.CNN062, r.span(), "this repetition runs zero times")
            .label("`* 0` removes the bracketed chain")
            .help("delete the repetition, or use a count of at least 1"));
      }
      return incoming;
    }
    Node current = incoming;
    for (int i = 1; i <= n; i++) {
      if (graph.nodes.size() > GraphBuilder.MAX_LAYERS) {
        // Nested repetitions multiply: `[[RELU]*99999]*99999` must stop, not expand 10^10 layers.
        diagnostics.report(Diagnostic.error(Code.CNN023, r.count().span(),
                "this repetition makes the network larger than " + GraphBuilder.MAX_LAYERS + " layers")
            .label("stopped at repetition " + i + " of " + n)
            .notes(graph.context())
            .help("use smaller repetition counts"));
        return GraphBuilder.FAILED;
      }
      graph.frames.push(Frame.repetition(r.open(), i, n));
      try {
        current = chain(r.body(), current, names, defs, scope);
      } finally {
        graph.frames.pop();
      }
      if (current == GraphBuilder.FAILED) {
        return current; // the next repetitions would fail the same way
      }
    }
    return current;
  }

  private Node branch(Chain.Branch b, Node incoming, NameScope names, Definitions defs, Scope scope) {
    Op op = b.concat() ? Op.CONCAT : Op.ADD;
    String mergeName = names.next(op.stem());
    names.countMerge();
    List<Node> outs = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    boolean ok = true;
    String kind = b.concat() ? "concat" : "add";
    // One error for the merge, however many of its branches lack an input: they share the cause.
    Diagnostic.Builder noInput = Diagnostic.error(Code.CNN029, b.keyword(), "nothing flows into `" + kind + "`")
        .label("no incoming tensor")
        .notes(graph.context())
        .help("put the " + kind + " after a layer (`… => " + kind + "(…)`), or start each branch from a tap (`x => …`)");
    for (int i = 0; i < b.branches().size(); i++) {
      Chain branchChain = b.branches().get(i);
      NameScope branchNames = new NameScope("").child(qualifiedPrefix(names, mergeName, i + 1));
      Node start = startsWithTap(branchChain) ? null : incoming;
      if (start == null && !startsWithTap(branchChain) && !startsWithInput(branchChain)) {
        noInput.secondary(branchChain.elements().get(0).primary().span(), "this branch has nothing to start from");
        ok = false;
        continue;
      }
      Node out = chain(branchChain, start, branchNames, defs, scope);
      outs.add(out);
      spans.add(branchChain.span());
    }
    if (!ok) {
      diagnostics.report(noInput);
    }
    if (!ok || incoming == GraphBuilder.FAILED || outs.contains(GraphBuilder.FAILED)) {
      return GraphBuilder.FAILED;
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("branches", List.copyOf(spans));
    return graph.add(mergeName, op, new Attrs(attrs), outs, b.keyword());
  }

  /** The branch scope's full dotted prefix (see {@link NameScope#branchPrefix}). */
  private static String qualifiedPrefix(NameScope names, String mergeName, int branch) {
    String prefix = mergeName.contains(".") ? mergeName.substring(0, mergeName.lastIndexOf('.')) : "";
    String local = names.branchPrefix(mergeName, branch);
    return prefix.isEmpty() ? local : prefix + "." + local;
  }

  private boolean startsWithTap(Chain c) {
    Chain.Primary p = c.elements().get(0).primary();
    return p instanceof Chain.Call call && !call.parens()
        && (graph.taps.containsKey(call.name().name()) || graph.declaredTaps.containsKey(call.name().name()))
        && !Signatures.names().contains(call.name().name());
  }

  private static boolean startsWithInput(Chain c) {
    Chain.Primary p = c.elements().get(0).primary();
    return p instanceof Chain.Call call && call.name().name().equals("INPUT");
  }

  private Node call(Chain.Call c, Chain.Element e, Node incoming, boolean first, NameScope names,
      Definitions defs, Scope scope) {
    String name = c.name().name();
    if (name.equals("ID")) {
      if (c.parens()) {
        diagnostics.report(Diagnostic.error(Code.CNN024, c.span(), "ID takes no arguments").label("remove the parentheses"));
        return GraphBuilder.FAILED;
      }
      return needInput(incoming, c) ? incoming : GraphBuilder.FAILED;
    }
    GraphBuilder.Tap tap = graph.taps.get(name);
    Definition def = defs.lookup(name);
    LayerSignature sig = Signatures.lookup(name);
    if (sig == null && def == null && (tap != null || graph.declaredTaps.containsKey(name))) {
      return tapReference(c, tap, first);
    }
    if (sig != null && defs.isRejected(name)) {
      return GraphBuilder.FAILED; // its uses meant the rejected definition: one cause, one error
    }
    if (sig != null) {
      return layer(sig, c, List.of(), incoming, names, scope);
    }
    if (def instanceof Definition.Partial partial) {
      return layer(partial.signature(), c, partial.args(), incoming, names, scope);
    }
    if (def instanceof Definition.Block block) {
      return block(block, c, e, incoming, names, scope);
    }
    if (def instanceof Definition.Constant) {
      diagnostics.report(Diagnostic.error(Code.CNN020, c.name().span(),
              "`" + name + "` is a value, not a layer or block")
          .label("defined with `let " + name + " = …`")
          .notes(graph.context()));
      return GraphBuilder.FAILED;
    }
    unknown(c, defs);
    return GraphBuilder.FAILED;
  }

  private Node tapReference(Chain.Call c, GraphBuilder.Tap tap, boolean first) {
    String name = c.name().name();
    if (tap == null) {
      Span defined = graph.declaredTaps.get(name);
      diagnostics.report(Diagnostic.error(Code.CNN025, c.name().span(),
              "tap `" + name + "` is used before it is defined")
          .label("`" + name + "` does not exist yet here")
          .secondary(defined, "defined later, here")
          .notes(graph.context())
          .help("move the chain that defines `" + name + "` above this line"));
      return GraphBuilder.FAILED;
    }
    if (!first) {
      diagnostics.report(Diagnostic.error(Code.CNN020, c.name().span(),
              "`" + name + "` names a tensor; it can only start a chain or a branch")
          .label("a tap in the middle of a chain")
          .help("start a new chain from it: `" + name + " => …`"));
      return GraphBuilder.FAILED;
    }
    if (c.parens()) {
      diagnostics.report(Diagnostic.error(Code.CNN024, c.span(), "tap `" + name + "` takes no arguments")
          .label("remove the parentheses"));
      return GraphBuilder.FAILED;
    }
    graph.usedTaps.add(name);
    return tap.node();
  }

  private void unknown(Chain.Call c, Definitions defs) {
    String name = c.name().name();
    Set<String> candidates = new TreeSet<>(Signatures.names());
    candidates.addAll(defs.callableNames());
    candidates.addAll(graph.taps.keySet());
    Diagnostic.Builder d = Diagnostic.error(Code.CNN020, c.name().span(), "unknown layer or block `" + name + "`")
        .label("not a layer, block or tap")
        .notes(graph.context());
    Optional<String> guess = Suggest.closest(name, candidates);
    if (guess.isPresent()) {
      d.help("did you mean `" + guess.get() + "`?");
    } else {
      d.help("layers are " + String.join(", ", Signatures.names()) + "; blocks are defined with `let Name(…) = …`");
    }
    diagnostics.report(d);
  }

  private boolean needInput(Node incoming, Chain.Call c) {
    if (incoming != null) {
      return true;
    }
    diagnostics.report(Diagnostic.error(Code.CNN029, c.span(), "`" + c.name().name() + "` has no input")
        .label("nothing flows into this")
        .notes(graph.context())
        .help("start the chain with `INPUT(HxWxC)` or with a tap: `x => " + c.name().name() + "`"));
    return false;
  }

  private Node layer(LayerSignature sig, Chain.Call c, List<RawArg> partialArgs, Node incoming,
      NameScope names, Scope scope) {
    List<RawArg> args = new ArrayList<>(partialArgs);
    int layer = partialArgs.stream().mapToInt(RawArg::layer).max().orElse(-1) + 1;
    if (!evalArgs(c.args(), scope, layer, args)) {
      return GraphBuilder.FAILED;
    }
    Optional<Attrs> attrs = binder.bind(sig, args, c.span(), graph.networkRound);
    if (sig.op() == Op.INPUT) {
      if (incoming != null) {
        diagnostics.report(Diagnostic.error(Code.CNN029, c.span(), "INPUT can only start a chain")
            .label("a second input in the middle of a chain")
            .help("start a new chain statement with it"));
        return GraphBuilder.FAILED;
      }
    } else if (!needInput(incoming, c)) {
      return GraphBuilder.FAILED;
    }
    if (attrs.isEmpty() || incoming == GraphBuilder.FAILED) {
      return GraphBuilder.FAILED;
    }
    List<Node> inputs = incoming == null ? List.of() : List.of(incoming);
    return graph.add(names.next(sig.op().stem()), sig.op(), attrs.get(), inputs, c.span());
  }

  /** Evaluates call arguments into {@code out}; false after an error. */
  boolean evalArgs(List<Arg> args, Scope scope, int layer, List<RawArg> out) {
    boolean ok = true;
    for (Arg a : args) {
      Optional<Value> v = evaluator.eval(a.value(), scope);
      if (v.isEmpty()) {
        ok = false;
        continue;
      }
      out.add(new RawArg(a.positional() ? null : a.name().name(), a.positional() ? null : a.name().span(),
          v.get(), a.span(), layer));
    }
    return ok;
  }

  private Node block(Definition.Block block, Chain.Call c, Chain.Element e, Node incoming, NameScope names, Scope scope) {
    String name = block.name().name();
    if (graph.activeBlocks.contains(name)) {
      diagnostics.report(Diagnostic.error(Code.CNN030, c.name().span(), "block `" + name + "` uses itself")
          .label("recursive use")
          .secondary(block.name().span(), "`" + name + "` is defined here")
          .help("a block cannot contain itself; repeat it with `[" + name + "(…)] * N` instead"));
      return GraphBuilder.FAILED;
    }
    List<Param> params = block.params() == null ? List.of() : block.params();
    if (block.params() == null && c.parens() && !c.args().isEmpty()) {
      diagnostics.report(Diagnostic.error(Code.CNN024, c.span(), "block `" + name + "` takes no arguments")
          .label("arguments given")
          .secondary(block.name().span(), "defined without parameters here"));
      return GraphBuilder.FAILED;
    }
    Scope inner = new Scope(block.scope().values);
    if (!bindParams(block, params, c, scope, inner)) {
      return GraphBuilder.FAILED;
    }
    graph.frames.push(Frame.block(name, c.name().span()));
    graph.activeBlocks.push(name);
    try {
      return chain(block.body(), incoming, names.blockChild(e.tap() == null ? null : e.tap().name(), name),
          block.scope(), inner);
    } finally {
      graph.activeBlocks.pop();
      graph.frames.pop();
    }
  }

  private boolean bindParams(Definition.Block block, List<Param> params, Chain.Call c, Scope callScope, Scope inner) {
    List<RawArg> args = new ArrayList<>();
    if (!evalArgs(c.args(), callScope, 0, args)) {
      return false;
    }
    Map<String, RawArg> bound = new LinkedHashMap<>();
    int position = 0;
    boolean ok = true;
    List<String> names = params.stream().map(p -> p.name().name()).toList();
    for (RawArg a : args) {
      String key = a.key();
      if (key == null) {
        if (position >= params.size()) {
          if (position == params.size()) {
            long given = args.stream().filter(x -> x.key() == null).count();
            diagnostics.report(Diagnostic.error(Code.CNN024, ArgBinder.extraSpan(args, a),
                    "block `" + block.name().name() + "` takes " + params.size() + " argument"
                        + (params.size() == 1 ? "" : "s") + ", but " + given + " are given")
                .label(given - params.size() == 1 ? "one too many" : (given - params.size()) + " too many")
                .secondary(block.name().span(), "defined with (" + String.join(", ", names) + ")"));
          }
          position++;
          ok = false;
          continue;
        }
        key = names.get(position++);
      } else if (!names.contains(key)) {
        Diagnostic.Builder d = Diagnostic.error(Code.CNN021, a.keySpan(),
                "block `" + block.name().name() + "` has no parameter `" + key + "`")
            .label("unknown parameter")
            .secondary(block.name().span(), "defined with (" + String.join(", ", names) + ")");
        Suggest.closest(key, names).ifPresent(g -> d.help("did you mean `" + g + "`?"));
        diagnostics.report(d);
        ok = false;
        continue;
      }
      if (bound.containsKey(key)) {
        diagnostics.report(Diagnostic.error(Code.CNN024, a.span(), "`" + key + "` is given twice")
            .label("second value").secondary(bound.get(key).span(), "first value"));
        ok = false;
        continue;
      }
      bound.put(key, a);
    }
    for (Param p : params) {
      RawArg a = bound.get(p.name().name());
      if (a != null) {
        inner.bind(p.name().name(), a.value());
      } else if (p.defaultValue() != null) {
        Optional<Value> v = evaluator.eval(p.defaultValue(), block.scope().values);
        if (v.isEmpty()) {
          ok = false;
        } else {
          inner.bind(p.name().name(), v.get());
        }
      } else {
        diagnostics.report(Diagnostic.error(Code.CNN022, c.span(),
                "block `" + block.name().name() + "` needs a value for `" + p.name().name() + "`")
            .label("missing `" + p.name().name() + "`")
            .secondary(p.name().span(), "parameter without a default")
            .help("write it as `" + block.name().name() + "(" + String.join(", ", names) + ")` with values"));
        ok = false;
      }
    }
    return ok;
  }
}
