package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Arg;
import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Ident;
import dev.cnnc.compiler.ast.Param;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.Network;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.ir.TrainSettings;
import dev.cnnc.compiler.load.Module;
import dev.cnnc.compiler.source.SourceFile;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Module to IR: collects definitions, then builds one graph per network — each {@code network}
 * declaration, plus one named after the file for bare top-level chains.
 */
public final class Resolver {
  private final Diagnostics diagnostics;
  private final DefinitionCollector collector;
  private final Evaluator evaluator;

  public Resolver(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    this.collector = new DefinitionCollector(diagnostics);
    this.evaluator = new Evaluator(diagnostics);
  }

  /** Networks of the root module, with {@code --set} overrides applied (keys checked). */
  public List<Network> resolve(Module root, Map<String, String> overrides) {
    Definitions fileDefs = collector.of(root);
    List<Stmt> statements = root.program().statements();
    List<Network> networks = new ArrayList<>();
    Set<String> knownParams = new HashSet<>();
    List<Stmt> bare = new ArrayList<>();
    for (Stmt s : statements) {
      if (s instanceof Stmt.Network n) {
        n.params().forEach(p -> knownParams.add(p.name().name()));
        network(n.name().name(), n.name().span(), n.params(), n.body(), fileDefs, overrides).ifPresent(networks::add);
      } else if (s instanceof Stmt.ChainStmt || s instanceof Stmt.Output || s instanceof Stmt.Train) {
        bare.add(s);
      }
    }
    if (bare.stream().anyMatch(s -> s instanceof Stmt.ChainStmt)) {
      SourceFile file = root.program().file();
      Span at = new Span(file, 0, 0);
      network(fileNetworkName(file), at, List.of(), bare, fileDefs, overrides).ifPresent(networks::add);
    }
    // `--set` has no place in the file: point at the first network's name, else the file's start.
    Span at = statements.stream().filter(s -> s instanceof Stmt.Network).map(s -> ((Stmt.Network) s).name().span())
        .findFirst().orElse(new Span(root.program().file(), 0, 0));
    String round = overrides.get("round");
    if (round != null && !knownParams.contains("round") && !ArgBinder.ROUNDINGS.contains(round)) {
      Diagnostic.Builder d = Diagnostic.error(Code.CNN023, at, "`--set round=" + round + "` is not a rounding")
          .label(at.start() == at.end() ? "applies to this file's network" : "applies to this network");
      Suggest.closest(round, ArgBinder.ROUNDINGS).ifPresentOrElse(g -> d.help("did you mean `--set round=" + g + "`?"),
          () -> d.help("use `--set round=strict`, `--set round=floor` or `--set round=ceil`"));
      diagnostics.report(d);
    }
    for (String key : overrides.keySet()) {
      if (!knownParams.contains(key) && !key.equals("round")) {
        Diagnostic.Builder d = Diagnostic.error(Code.CNN028, at, "`--set " + key + "=…` names no network parameter")
            .label(knownParams.isEmpty() ? "no network parameters are declared in this file" : "the network's parameters are declared here");
        Suggest.closest(key, knownParams).ifPresentOrElse(g -> d.help("did you mean `--set " + g + "=…`?"),
            () -> d.note(knownParams.isEmpty() ? "this network declares no parameters"
                : "parameters: " + String.join(", ", new java.util.TreeSet<>(knownParams))));
        diagnostics.report(d);
      }
    }
    return networks;
  }

  /** {@code textbook_line.cnn} → {@code TextbookLine}. */
  static String fileNetworkName(SourceFile file) {
    String base = file.name();
    base = base.substring(Math.max(base.lastIndexOf('/'), base.lastIndexOf(':')) + 1);
    if (base.endsWith(".cnn")) {
      base = base.substring(0, base.length() - 4);
    }
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char ch : base.toCharArray()) {
      if (!Character.isLetterOrDigit(ch)) {
        upper = true;
        continue;
      }
      out.append(upper ? Character.toUpperCase(ch) : ch);
      upper = false;
    }
    if (out.length() == 0 || !Character.isLetter(out.charAt(0))) {
      out.insert(0, "Net");
    }
    return out.toString();
  }

  private Optional<Network> network(String name, Span span, List<Param> params, List<Stmt> body,
      Definitions fileDefs, Map<String, String> overrides) {
    int errorsBefore = diagnostics.errorCount();
    Definitions defs = new Definitions(fileDefs);
    Map<String, String> bound = new LinkedHashMap<>();
    String round = "strict";
    for (Param p : params) {
      Optional<Value> v;
      String override = overrides.get(p.name().name());
      if (override != null) {
        v = Optional.of(Overrides.parse(override, p.name().span()));
      } else if (p.defaultValue() != null) {
        v = evaluator.eval(p.defaultValue(), fileDefs.values);
      } else {
        diagnostics.report(Diagnostic.error(Code.CNN022, p.name().span(),
                "network parameter `" + p.name().name() + "` has no value")
            .label("no default")
            .help("give it a default, `" + p.name().name() + "=…`, or set it: `--set " + p.name().name() + "=…`"));
        v = Optional.empty();
      }
      if (v.isEmpty()) {
        continue;
      }
      if (p.name().name().equals("round")) {
        if (!(v.get() instanceof Value.Sym s) || !ArgBinder.ROUNDINGS.contains(s.name())) {
          diagnostics.report(Diagnostic.error(Code.CNN023, v.get().span(),
                  "`round` must be strict, floor or ceil, not `" + v.get().show() + "`").label("invalid rounding"));
          continue;
        }
        round = s.name();
      }
      defs.values.bind(p.name().name(), v.get());
      bound.put(p.name().name(), v.get().show());
    }
    if (overrides.containsKey("round") && params.stream().noneMatch(p -> p.name().name().equals("round"))
        && ArgBinder.ROUNDINGS.contains(overrides.get("round"))) {
      round = overrides.get("round"); // an invalid one is reported once, by resolve()
    }
    GraphBuilder graph = new GraphBuilder(round);
    for (Stmt s : body) {
      if (s instanceof Stmt.ChainStmt c) {
        TapCollector.collect(c.chain(), graph.declaredTaps);
      }
    }
    Expander expander = new Expander(diagnostics, graph);
    NameScope names = new NameScope("");
    Node last = null;
    Stmt.ChainStmt lastChain = null;
    List<Stmt.Output> outputs = new ArrayList<>();
    TrainSettings train = TrainSettings.NONE;
    Map<Stmt.ChainStmt, Node> results = new LinkedHashMap<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Let let) {
        collector.define(let, defs);
      } else if (s instanceof Stmt.ChainStmt c) {
        last = expander.chain(c.chain(), null, names, defs, defs.values);
        lastChain = c;
        results.put(c, last);
      } else if (s instanceof Stmt.Output o) {
        outputs.add(o);
      } else if (s instanceof Stmt.Train t) {
        train = TrainBlock.settings(t, defs.values, evaluator, diagnostics);
      } else if (s instanceof Stmt.Import imp) {
        diagnostics.report(Diagnostic.error(Code.CNN001, imp.span(), "imports belong at the top of the file")
            .label("inside a network").help("move this line above `network`"));
      } else if (s instanceof Stmt.Network n) {
        diagnostics.report(Diagnostic.error(Code.CNN001, n.name().span(), "networks cannot be nested")
            .label("inside another network").help("declare it at the top level of the file"));
      }
    }
    List<Output> outs = outputs(outputs, graph, last, lastChain);
    if (diagnostics.errorCount() > errorsBefore) {
      return Optional.empty(); // an unused result is usually a consequence of the error: no warning
    }
    warnUnusedResults(results, outs, graph);
    if (graph.nodes.isEmpty()) {
      // Only a declared network can be empty (a file's network exists because it has chains).
      diagnostics.report(Diagnostic.error(Code.CNN029, span, "network `" + name + "` has no layers")
          .label("empty network")
          .help("give it a chain that starts with an input: `INPUT(28x28x1) => …`"));
      return Optional.empty();
    }
    Map<String, Node> taps = new LinkedHashMap<>();
    graph.taps.forEach((k, v) -> taps.put(k, v.node()));
    return Optional.of(new Network(name, span, graph.nodes, outs, taps, bound, train));
  }

  private List<Output> outputs(List<Stmt.Output> decls, GraphBuilder graph, Node last, Stmt.ChainStmt lastChain) {
    List<Output> outs = new ArrayList<>();
    if (decls.isEmpty()) {
      if (last != null && last != GraphBuilder.FAILED) {
        outs.add(new Output("output", last, 1.0));
      }
      return outs;
    }
    for (Stmt.Output o : decls) {
      if (graph.vanishedTaps.contains(o.name().name())) {
        continue; // its chain was repeated zero times: the output is switched off
      }
      GraphBuilder.Tap tap = graph.taps.get(o.name().name());
      if (tap == null) {
        Diagnostic.Builder d = Diagnostic.error(Code.CNN032, o.name().span(),
            "output `" + o.name().name() + "` is not a tap").label("no tensor has this name");
        Suggest.closest(o.name().name(), graph.taps.keySet()).ifPresentOrElse(
            g -> d.help("did you mean `" + g + "`?"),
            () -> d.help("name the tensor with `as " + o.name().name() + "` at the end of its chain"));
        diagnostics.report(d);
        continue;
      }
      graph.usedTaps.add(o.name().name());
      double weight = 1.0;
      for (Arg a : o.args()) {
        Optional<Value> v = evaluator.eval(a.value(), new Scope(null));
        boolean isWeight = a.positional() || a.name().name().equals("weight");
        if (!isWeight) {
          Diagnostic.Builder d = Diagnostic.error(Code.CNN032, a.name().span(),
              "outputs take only `weight`, not `" + a.name().name() + "`").label("unknown");
          diagnostics.report(d.help("write `output " + o.name().name() + " (weight=0.3)`"));
        } else if (v.isPresent() && v.get() instanceof Value.Num n && n.value() >= 0) {
          weight = n.value();
        } else if (v.isPresent()) {
          diagnostics.report(Diagnostic.error(Code.CNN023, a.value().span(),
              "an output weight must be a number ≥ 0, not `" + v.get().show() + "`").label("invalid weight"));
        }
      }
      outs.add(new Output(o.name().name(), tap.node(), weight));
    }
    return outs;
  }

  /** A chain whose result reaches neither a later chain nor an output is dead weight. */
  private void warnUnusedResults(Map<Stmt.ChainStmt, Node> results, List<Output> outs, GraphBuilder graph) {
    Set<Node> outputNodes = new HashSet<>();
    outs.forEach(o -> outputNodes.add(o.node()));
    Set<Node> consumed = new HashSet<>();
    for (Node n : graph.nodes) {
      consumed.addAll(n.inputs());
    }
    for (Map.Entry<Stmt.ChainStmt, Node> e : results.entrySet()) {
      Node result = e.getValue();
      if (result == null || result == GraphBuilder.FAILED || outputNodes.contains(result) || consumed.contains(result)) {
        continue;
      }
      List<Chain.Element> elements = e.getKey().chain().elements();
      Ident tap = elements.get(elements.size() - 1).tap();
      Diagnostic.Builder d = Diagnostic.warning(Code.CNN061, tap != null ? tap.span() : e.getKey().span(),
          tap != null ? "tap `" + tap.name() + "` is never used" : "the result of this chain is never used");
      diagnostics.report(d.label("reaches no output")
          .help(tap != null ? "use it (`" + tap.name() + " => …`, `add(" + tap.name() + ", …)`) or declare it: `output " + tap.name() + "`"
              : "name it with `as name` and use it, or remove the chain"));
    }
  }
}
