package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Network;
import dev.cnnc.compiler.ir.Node;
import java.util.Map;

/** A network whose every node has a known output shape: what summary and codegen read. */
public record TypedNetwork(Network network, Map<Node, LayerInfo> info) {
  public TypedNetwork {
    info = Map.copyOf(info);
  }

  public Shape shape(Node n) {
    return info.get(n).output();
  }

  public LayerInfo info(Node n) {
    return info.get(n);
  }
}
