package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** concat (equal H×W, channels add up) and add (identical shapes). Errors show every branch. */
final class MergeRules {
  private MergeRules() {}

  static final ShapeRule CONCAT = (node, inputs, report) -> {
    Set<String> sizes = new LinkedHashSet<>();
    boolean allSpatial = inputs.stream().allMatch(Shape::spatial);
    for (Shape s : inputs) {
      sizes.add(allSpatial ? s.showSpatial() : s.spatial() ? s.show() : "vector");
    }
    if (!allSpatial && inputs.stream().anyMatch(Shape::spatial)) {
      report.emit(branches(report.error(Code.CNN042, node,
          "concat joins images with vectors: " + shapes(inputs)), node, inputs)
          .help("flatten every branch (FLATTEN) or none"));
      return null;
    }
    if (sizes.size() > 1) {
      report.emit(branches(report.error(Code.CNN042, node,
              "concat needs equal spatial sizes, but the branches give " + String.join(" and ", sizes))
          .label("joins " + shapes(inputs)), node, inputs)
          .help("keep the size in every branch: `pad=same` on convolutions, stride 1, or the same pooling in each"));
      return null;
    }
    int channels = Axis.clamp(inputs.stream().mapToLong(Shape::c).sum()); // too many: ShapeChecker says so
    Shape first = inputs.get(0);
    return LayerInfo.of(allSpatial ? Shape.spatial(first.h(), first.w(), channels) : Shape.vector(channels));
  };

  static final ShapeRule ADD = (node, inputs, report) -> {
    Shape first = inputs.get(0);
    for (Shape s : inputs) {
      if (!s.equals(first)) {
        Diagnostic.Builder d = branches(report.error(Code.CNN043, node,
                "add needs identical shapes, but the branches give " + shapes(inputs))
            .label("adds " + shapes(inputs)), node, inputs);
        if (s.spatial() && first.spatial()) {
          Shape target = first.h() <= s.h() ? first : s;
          Shape source = target == first ? s : first;
          if (source.h() % target.h() == 0 && source.w() % target.w() == 0 && source.h() / target.h() == source.w() / target.w()) {
            int stride = source.h() / target.h();
            d.help("give the " + source.show() + " branch a projection shortcut: `CONV(" + target.c() + ", 1x1"
                + (stride > 1 ? ", stride=" + stride : "") + ") => BN` instead of `ID`");
          }
        }
        report.emit(d.note("add sums elementwise: height, width and channels must all agree"));
        return null;
      }
    }
    return LayerInfo.of(first);
  };

  private static String shapes(List<Shape> inputs) {
    List<String> s = new ArrayList<>();
    inputs.forEach(x -> s.add(x.show()));
    return String.join(" and ", s);
  }

  @SuppressWarnings("unchecked")
  private static Diagnostic.Builder branches(Diagnostic.Builder d, Node node, List<Shape> inputs) {
    Object spans = node.attrs().asMap().get("branches");
    if (spans instanceof List<?> list) {
      for (int i = 0; i < list.size() && i < inputs.size(); i++) {
        d.secondary((Span) list.get(i), "branch " + (i + 1) + " gives " + inputs.get(i).show());
      }
    }
    return d;
  }
}
