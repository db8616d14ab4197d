package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.ir.Node;
import java.util.List;

/** GAP (→ 1×1×C) and DEPTHPOOL (max over groups of k channels). */
final class ChannelRules {
  private ChannelRules() {}

  static final ShapeRule GAP = (node, inputs, report) -> {
    Shape in = inputs.get(0);
    return Spatial.require(node, in, report) ? LayerInfo.of(Shape.spatial(1, 1, in.c())) : null;
  };

  static final ShapeRule DEPTHPOOL = (Node node, List<Shape> inputs, Report report) -> {
    Shape in = inputs.get(0);
    if (!Spatial.require(node, in, report)) {
      return null;
    }
    int k = node.attrs().integer("k");
    int stride = node.attrs().integer("stride");
    if (k > in.c() || (in.c() - k) % stride != 0) {
      int below = in.c() - in.c() % k;
      int above = below + k;
      report.emit(report.error(Code.CNN045, node,
              "DEPTHPOOL(" + k + ") needs a channel count divisible by " + k + ", but its input " + in.show()
                  + " has " + in.c() + " channels")
          .label(in.c() + " channels in groups of " + k + " leave " + (in.c() % k == 0 ? k : in.c() % k) + " over")
          .note(in.c() + " / " + k + " = " + Axis0.decimal(in.c(), k))
          .help("give the previous layer " + (below > 0 ? below + " or " : "") + above + " filters, or pool in groups that divide " + in.c()));
      return null;
    }
    return LayerInfo.of(Shape.spatial(in.h(), in.w(), (in.c() - k) / stride + 1));
  };

  /** Small arithmetic helper for messages. */
  static final class Axis0 {
    private Axis0() {}

    static String decimal(int a, int b) {
      java.math.BigDecimal r = java.math.BigDecimal.valueOf(a).divide(java.math.BigDecimal.valueOf(b), 3, java.math.RoundingMode.HALF_EVEN);
      return r.stripTrailingZeros().toPlainString();
    }
  }
}
