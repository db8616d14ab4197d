package dev.cnnc.compiler.ir;

import dev.cnnc.compiler.source.Span;
import java.util.List;
import java.util.Map;

/**
 * A resolved network: nodes in topological order (every input precedes its users), its outputs,
 * its taps ({@code as} names, in definition order), the network parameters as bound (after {@code --set}), and the {@code train { }} settings.
 */
public record Network(String name, Span span, List<Node> nodes, List<Output> outputs,
    Map<String, Node> taps, Map<String, String> parameters, TrainSettings train) {
  public Network {
    nodes = List.copyOf(nodes);
    taps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(taps));
    outputs = List.copyOf(outputs);
    parameters = Map.copyOf(parameters);
  }
}
