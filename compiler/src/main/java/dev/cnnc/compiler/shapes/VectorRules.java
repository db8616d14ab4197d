package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Node;
import java.util.List;

/** FC and RBF (implicit flatten of a spatial input) and FLATTEN. */
final class VectorRules {
  private VectorRules() {}

  static final ShapeRule FC = (Node node, List<Shape> inputs, Report report) ->
      new LayerInfo(Shape.vector(node.attrs().integer("units")), null, inputs.get(0).spatial());

  static final ShapeRule FLATTEN = (node, inputs, report) ->
      LayerInfo.of(Shape.vector(Math.toIntExact(inputs.get(0).size())));
}
