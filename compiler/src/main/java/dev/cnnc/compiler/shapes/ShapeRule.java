package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Node;
import java.util.List;

/** The shape rule of one kind of layer: the output for given inputs, or null after reporting why not. */
interface ShapeRule {
  LayerInfo apply(Node node, List<Shape> inputs, Report report);
}
