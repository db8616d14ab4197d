package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.shapes.TypedNetwork;

/** The network as a Graphviz DOT graph: one box per layer with its output shape, edges as data flows. */
public final class GraphDot {
  private GraphDot() {}

  public static String render(TypedNetwork t) {
    StringBuilder out = new StringBuilder();
    out.append("digraph \"").append(escape(t.network().name())).append("\" {\n")
        .append("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
    for (Node n : t.network().nodes()) {
      out.append("  n").append(n.id()).append(" [label=\"").append(escape(n.name())).append("\\n")
          .append(escape(SummaryTable.describe(n))).append("\\n").append(t.shape(n).show()).append("\"");
      if (n.inputs().isEmpty()) {
        out.append(", shape=ellipse");
      }
      out.append("];\n");
      for (Node in : n.inputs()) {
        out.append("  n").append(in.id()).append(" -> n").append(n.id()).append(";\n");
      }
    }
    for (Output o : t.network().outputs()) {
      String id = "out_" + o.name().replaceAll("[^A-Za-z0-9_]", "_");
      out.append("  ").append(id).append(" [label=\"").append(escape(o.name()))
          .append(o.weight() != 1.0 ? " (weight " + o.weight() + ")" : "").append("\", shape=ellipse];\n")
          .append("  n").append(o.node().id()).append(" -> ").append(id).append(";\n");
    }
    return out.append("}\n").toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
