package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each node's gradient lives during backward. Backward visits nodes in reverse order; a
 * node's gradient is live from its first contribution (its last consumer's backward, or the loss)
 * until its own backward. Live ranges that do not overlap share a buffer (first fit), so deep
 * networks need a few gradient buffers, not one per layer.
 */
final class GradientPlan {
  /** A gradient buffer: its index and its size in floats per sample. */
  record Slot(int index, long floatsPerSample) {}

  private final Map<Node, Slot> slotOf = new HashMap<>();
  private final List<Slot> slots = new ArrayList<>();

  /**
   * @param sizes floats per sample of each node that needs a gradient
   * @param born step at which the node's gradient gets its first contribution
   * @param dies step of the node's own backward (after which its gradient is dead)
   */
  GradientPlan(List<Node> order, Map<Node, Long> sizes, Map<Node, Integer> born, Map<Node, Integer> dies) {
    List<Integer> freeAt = new ArrayList<>(); // per slot: step after which it is free
    List<Long> slotSize = new ArrayList<>();
    List<Node> byBirth = new ArrayList<>(order);
    byBirth.removeIf(n -> !born.containsKey(n));
    byBirth.sort((a, b) -> Integer.compare(born.get(a), born.get(b)));
    for (Node n : byBirth) {
      int start = born.get(n);
      int end = dies.get(n);
      long size = sizes.get(n);
      int chosen = -1;
      for (int s = 0; s < freeAt.size(); s++) {
        if (freeAt.get(s) < start && (chosen < 0 || Math.abs(slotSize.get(s) - size) < Math.abs(slotSize.get(chosen) - size))) {
          chosen = s;
        }
      }
      if (chosen < 0) {
        chosen = freeAt.size();
        freeAt.add(end);
        slotSize.add(size);
      } else {
        freeAt.set(chosen, end);
        slotSize.set(chosen, Math.max(slotSize.get(chosen), size));
      }
      slotOf.put(n, new Slot(chosen, 0));
    }
    for (int s = 0; s < slotSize.size(); s++) {
      slots.add(new Slot(s, slotSize.get(s)));
    }
  }

  int slot(Node n) {
    return slotOf.get(n).index();
  }

  boolean has(Node n) {
    return slotOf.containsKey(n);
  }

  List<Slot> slots() {
    return slots;
  }
}
