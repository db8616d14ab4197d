package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Padding;
import java.util.List;

/** MAXPOOL, AVGPOOL, SUBSAMPLE: windows over H and W, channels unchanged. */
final class PoolRule implements ShapeRule {
  @Override
  public LayerInfo apply(Node node, List<Shape> inputs, Report report) {
    Shape in = inputs.get(0);
    if (!Spatial.require(node, in, report)) {
      return null;
    }
    Attrs a = node.attrs();
    Padding pad = a.has("pad") ? a.padding("pad") : Padding.VALID;
    Windows.Result r = Windows.apply(node, in, a.pair("window"), a.pair("stride"), new int[] {1, 1}, pad,
        Rounding.of(a.symbol("round")), report);
    return r == null ? null : new LayerInfo(Shape.spatial(r.h(), r.w(), in.c()), r.padding(), false);
  }
}
