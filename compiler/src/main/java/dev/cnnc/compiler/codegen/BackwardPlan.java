package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of back-propagation, decided at compile time: for every output, which node receives
 * its loss gradient (the input of a final SOFTMAX, for the fused softmax + cross-entropy); for
 * every node, whether each input's gradient is written directly (first contribution) or summed
 * in through a scratch buffer (fan-out); and the gradient buffers' sharing ({@link GradientPlan}).
 */
final class BackwardPlan {
  /** How a contribution reaches a gradient: overwrite it, or add through scratch buffer {@code scratch}. */
  record Contribution(Node target, boolean accumulate, int scratch) {}

  final List<Node> lossTargets = new ArrayList<>();
  final List<Boolean> lossAccumulates = new ArrayList<>();
  /** Nodes whose backward runs, in the order it runs. */
  final List<Node> order = new ArrayList<>();
  final Map<Node, List<Contribution>> contributions = new HashMap<>();
  final GradientPlan gradients;
  int scratchBuffers;
  /** Floats per sample of the largest gradient that is summed in through a scratch buffer. */
  long scratchSize;

  BackwardPlan(TypedNetwork t, Map<Node, List<Node>> consumers) {
    List<Node> nodes = t.network().nodes();
    Map<Node, Integer> born = new HashMap<>();
    Map<Node, Integer> dies = new HashMap<>();
    Map<Node, Long> sizes = new HashMap<>();
    for (Output o : t.network().outputs()) {
      Node target = lossTarget(o.node(), consumers);
      lossTargets.add(target);
      boolean seen = born.containsKey(target) || target.op() == Op.INPUT;
      lossAccumulates.add(seen);
      if (!seen) {
        born.put(target, 0);
        sizes.put(target, t.shape(target).size());
      }
    }
    for (int idx = nodes.size() - 1; idx >= 0; idx--) {
      Node n = nodes.get(idx);
      if (n.op() == Op.INPUT || !born.containsKey(n)) {
        continue;
      }
      int step = nodes.size() - idx;
      dies.put(n, step);
      order.add(n);
      List<Contribution> list = new ArrayList<>();
      int scratch = 0;
      for (Node in : n.inputs()) {
        if (in.op() == Op.INPUT) {
          list.add(null);
        } else if (!born.containsKey(in)) {
          born.put(in, step);
          sizes.put(in, t.shape(in).size());
          list.add(new Contribution(in, false, -1));
        } else {
          list.add(new Contribution(in, true, scratch++));
          scratchSize = Math.max(scratchSize, t.shape(in).size());
        }
      }
      scratchBuffers = Math.max(scratchBuffers, scratch);
      contributions.put(n, list);
    }
    // Gradients of nodes never back-propagated (only read by the loss) die at the end.
    for (Node n : born.keySet()) {
      dies.putIfAbsent(n, nodes.size() + 1);
    }
    gradients = new GradientPlan(nodes, sizes, born, dies);
  }

  /** The loss gradient of a SOFTMAX output that nothing else reads goes to the softmax's input. */
  static Node lossTarget(Node output, Map<Node, List<Node>> consumers) {
    if (fusedSoftmax(output, consumers)) {
      return output.input();
    }
    return output;
  }

  static boolean fusedSoftmax(Node output, Map<Node, List<Node>> consumers) {
    return output.op() == Op.SOFTMAX && consumers.getOrDefault(output, List.of()).isEmpty()
        && output.input().op() != Op.INPUT;
  }
}
