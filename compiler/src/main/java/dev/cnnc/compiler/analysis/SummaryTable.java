package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.shapes.LayerInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable summary, in the manner of Keras's model.summary() and torchinfo. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String render(Summary s) {
    Map<Node, String> taps = new HashMap<>();
    s.typed().network().taps().forEach((name, node) -> taps.merge(node, name, (a, b) -> a + ", " + b));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Layer (type)", "Output shape", "Params", "MACs", "RF", "Notes"});
    for (LayerStats l : s.layers()) {
      Node n = l.node();
      rows.add(new String[] {
          n.name() + " (" + describe(n) + ")",
          l.output().show(),
          grouped(l.trainable() + l.nonTrainable()),
          grouped(l.macs()),
          l.hasReceptiveField() ? l.rfSize() + "/" + l.rfJump() : "",
          notes(s, n, taps.get(n))});
    }
    int[] width = new int[6];
    for (String[] r : rows) {
      for (int i = 0; i < 6; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Network: ").append(s.name()).append('\n');
    int total = 0;
    for (int w : width) {
      total += w + 2;
    }
    String rule = "─".repeat(total) + "\n";
    out.append(rule);
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      out.append(pad(row[0], width[0], false)).append("  ")
          .append(pad(row[1], width[1], false)).append("  ")
          .append(pad(row[2], width[2], true)).append("  ")
          .append(pad(row[3], width[3], true)).append("  ")
          .append(pad(row[4], width[4], false)).append("  ")
          .append(row[5]);
      while (out.charAt(out.length() - 1) == ' ') {
        out.setLength(out.length() - 1); // no trailing blanks (the table is also Javadoc)
      }
      out.append('\n');
      if (r == 0) {
        out.append(rule);
      }
    }
    out.append(rule);
    for (Output o : s.outputs()) {
      out.append("Output ").append(o.name()).append(": ").append(s.typed().shape(o.node()).show())
          .append(o.weight() != 1.0 ? "  (loss weight " + o.weight() + ")" : "").append('\n');
    }
    out.append("Total params: ").append(grouped(s.trainable() + s.nonTrainable())).append('\n');
    out.append("Trainable params: ").append(grouped(s.trainable())).append('\n');
    out.append("Non-trainable params: ").append(grouped(s.nonTrainable())).append('\n');
    out.append("MACs: ").append(grouped(s.macs())).append(" (").append(scaled(s.macs()))
        .append("MACs; FLOPs ≈ 2 × MACs)").append('\n');
    if (s.rfSize() > 0) {
      out.append("Receptive field: ").append(s.rfSize()).append(" pixels, jump ").append(s.rfJump()).append('\n');
    }
    out.append("Weights: ").append(bytes(s.weightBytes())).append(" (float32)").append('\n');
    out.append("Activations: ").append(bytes(s.activationBytes())).append(" per image (forward)").append('\n');
    out.append("Training memory estimate: ").append(bytes(s.trainingBytes(32))).append(" at batch 32").append('\n');
    return out.toString();
  }

  /** CONV 3x3/2 pad 1, MAXPOOL 2x2, FC … */
  static String describe(Node n) {
    Attrs a = n.attrs();
    return switch (n.op()) {
      case CONV -> "CONV " + size(a.pair("kernel")) + stride(a.pair("stride"))
          + (a.integer("groups") > 1 ? " g" + a.integer("groups") : "");
      case MAXPOOL, AVGPOOL, SUBSAMPLE -> n.op() + " " + size(a.pair("window")) + stride(a.pair("stride"));
      default -> n.op().name();
    };
  }

  private static String notes(Summary s, Node n, String tap) {
    List<String> notes = new ArrayList<>();
    Attrs a = n.attrs();
    LayerInfo info = s.typed().info(n);
    if (info.padding() != null && !info.padding().isZero()) {
      Padding p = info.padding();
      notes.add("pad " + p.top() + "," + p.bottom() + "," + p.left() + "," + p.right());
    }
    if (a.has("act") && !"none".equals(a.symbol("act"))) {
      notes.add("act=" + a.symbol("act"));
    }
    if (a.has("round") && !"strict".equals(a.symbol("round")) && n.op() != Op.FC) {
      notes.add("round=" + a.symbol("round"));
    }
    if (a.has("bias") && !a.bool("bias")) {
      notes.add("no bias");
    }
    if (a.table("connections") != null) {
      notes.add("connection table");
    }
    if (info.flattensInput()) {
      notes.add("flattens input");
    }
    if (n.op() == Op.DROPOUT) {
      notes.add("p=" + a.real("p"));
    }
    if (tap != null) {
      notes.add("as " + tap);
    }
    return String.join(", ", notes);
  }

  private static String size(int[] s) {
    return s[0] + "x" + s[1];
  }

  private static String stride(int[] s) {
    return s[0] == 1 && s[1] == 1 ? "" : "/" + (s[0] == s[1] ? Integer.toString(s[0]) : s[0] + "x" + s[1]);
  }

  static String grouped(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** 1.81 G, 89.47 M, 325.68 K. */
  private static String scaled(long v) {
    if (v >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f G", v / 1e9);
    }
    if (v >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f K", v / 1e3);
  }

  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    if (b < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }

  private static String pad(String s, int w, boolean right) {
    String fill = " ".repeat(Math.max(0, w - s.length()));
    return right ? fill + s : s + fill;
  }
}
