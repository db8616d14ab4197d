package dev.cnnc.compiler.ir;

import dev.cnnc.compiler.source.Span;
import java.util.List;

/**
 * One layer of a network graph. {@code name} is unique in the network and dotted by expansion
 * ({@code inception4a.b2.conv1}); {@code span} is the layer's text; {@code frames} the expansion
 * stack, outermost first.
 */
public record Node(int id, String name, Op op, Attrs attrs, List<Node> inputs, Span span,
    List<Frame> frames) {
  public Node {
    inputs = List.copyOf(inputs);
    frames = List.copyOf(frames);
  }

  public Node input() {
    return inputs.get(0);
  }

  @Override
  public String toString() {
    return name + ":" + op;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node n && n.id == id && n.name.equals(name);
  }

  @Override
  public int hashCode() {
    return id;
  }
}
