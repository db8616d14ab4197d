package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Network;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Padding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Infers every node's shape in graph order with one rule per layer kind. A node whose input failed
 * is skipped silently: one cause, one error.
 */
public final class ShapeChecker {
  private static final Map<Op, ShapeRule> RULES = new EnumMap<>(Op.class);

  static {
    ShapeRule same = (node, inputs, report) -> LayerInfo.of(inputs.get(0));
    for (Op op : Op.values()) {
      RULES.put(op, same);
    }
    RULES.put(Op.INPUT, (node, inputs, report) -> {
      int[] s = node.attrs().triple("shape");
      return LayerInfo.of(Shape.spatial(s[0], s[1], s[2]));
    });
    RULES.put(Op.CONV, new ConvRule());
    RULES.put(Op.MAXPOOL, new PoolRule());
    RULES.put(Op.AVGPOOL, new PoolRule());
    RULES.put(Op.SUBSAMPLE, new PoolRule());
    RULES.put(Op.GAP, ChannelRules.GAP);
    RULES.put(Op.DEPTHPOOL, ChannelRules.DEPTHPOOL);
    RULES.put(Op.FC, VectorRules.FC);
    RULES.put(Op.RBF, VectorRules.FC);
    RULES.put(Op.FLATTEN, VectorRules.FLATTEN);
    RULES.put(Op.CONCAT, MergeRules.CONCAT);
    RULES.put(Op.ADD, MergeRules.ADD);
    RULES.put(Op.PAD, ShapeChecker::pad);
  }

  private ShapeChecker() {}

  public static Optional<TypedNetwork> check(Network network, Diagnostics diagnostics) {
    Report report = new Report(diagnostics);
    Map<Node, LayerInfo> info = new HashMap<>();
    boolean ok = true;
    for (Node node : network.nodes()) {
      List<Shape> inputs = new ArrayList<>();
      boolean ready = true;
      for (Node in : node.inputs()) {
        LayerInfo i = info.get(in);
        if (i == null) {
          ready = false;
        } else {
          inputs.add(i.output());
        }
      }
      if (!ready) {
        continue;
      }
      LayerInfo out = RULES.get(node.op()).apply(node, inputs, report);
      if (out != null && !TensorLimits.fits(node, out.output(), report)) {
        out = null;
      }
      if (out == null) {
        ok = false;
      } else {
        info.put(node, out);
      }
    }
    return ok ? Optional.of(new TypedNetwork(network, info)) : Optional.empty();
  }

  private static LayerInfo pad(Node node, List<Shape> inputs, Report report) {
    Shape in = inputs.get(0);
    if (!Spatial.require(node, in, report)) {
      return null;
    }
    Attrs a = node.attrs();
    Padding p = a.padding("p");
    if (p.mode() == Padding.Mode.SAME) {
      report.emit(report.error(Code.CNN023, node, "PAD needs amounts, not `same`")
          .label("same is relative to a kernel").help("write `PAD(1)` or `PAD((top, bottom, left, right))`"));
      return null;
    }
    return new LayerInfo(Shape.spatial(Axis.clamp((long) in.h() + p.top() + p.bottom()),
        Axis.clamp((long) in.w() + p.left() + p.right()), in.c()), p, false);
  }
}
