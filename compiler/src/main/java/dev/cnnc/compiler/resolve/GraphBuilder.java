package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Frame;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The growing graph of one network: nodes, taps, and the expansion stack of the node being made. */
final class GraphBuilder {
  /** A tensor that could not be made; everything downstream of it is skipped silently. */
  static final Node FAILED = new Node(-1, "<failed>", Op.INPUT, new Attrs(Map.of()), List.of(), null, List.of());

  record Tap(Node node, Span span) {}

  /** Far above any published architecture; keeps expansion (and memory) bounded. */
  static final int MAX_LAYERS = 100_000;

  final List<Node> nodes = new ArrayList<>();
  final Map<String, Tap> taps = new LinkedHashMap<>();
  /** Every `as` name of the network's own statements with its first definition, known up front. */
  final Map<String, Span> declaredTaps = new LinkedHashMap<>();
  final Set<String> usedTaps = new HashSet<>();
  /**
   * Taps on a repetition that ran zero times ({@code x => [AuxHead]*aux as aux1} with aux = 0):
   * the chain they name was switched off, so outputs declared on them are dropped.
   */
  final Set<String> vanishedTaps = new HashSet<>();
  /** Set by a repetition that ran zero times, read by the element that contains it. */
  boolean lastRepeatEmpty;
  final Deque<Frame> frames = new ArrayDeque<>();
  final Deque<String> activeBlocks = new ArrayDeque<>();
  final String networkRound;

  GraphBuilder(String networkRound) {
    this.networkRound = networkRound;
  }

  Node add(String name, Op op, Attrs attrs, List<Node> inputs, Span span) {
    List<Frame> stack = new ArrayList<>(frames);
    java.util.Collections.reverse(stack); // outermost first
    Node n = new Node(nodes.size(), name, op, attrs, inputs, span, stack);
    nodes.add(n);
    return n;
  }

  /** Notes naming the block uses and repetitions the current node comes from, innermost first. */
  List<String> context() {
    List<String> notes = new ArrayList<>();
    for (Frame f : frames) {
      notes.add(f.describe());
    }
    return notes;
  }

  boolean atTopLevel() {
    return activeBlocks.isEmpty();
  }
}
