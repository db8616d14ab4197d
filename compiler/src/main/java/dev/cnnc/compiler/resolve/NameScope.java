package dev.cnnc.compiler.resolve;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives layers their names: a kind stem plus a counter per scope ({@code conv1}, {@code conv2}),
 * prefixed by the enclosing block and branch scopes ({@code inception4a.b2.conv1}).
 */
final class NameScope {
  private final String prefix;
  private final Map<String, Integer> counters = new HashMap<>();
  private int merges;

  NameScope(String prefix) {
    this.prefix = prefix;
  }

  String next(String stem) {
    int n = counters.merge(stem, 1, Integer::sum);
    return qualify(stem + n);
  }

  NameScope child(String name) {
    return new NameScope(qualify(name));
  }

  /** A child scope named after a block: its tap if given, else the block name and a counter. */
  NameScope blockChild(String tap, String blockName) {
    if (tap != null) {
      return child(tap);
    }
    String stem = blockName.toLowerCase(java.util.Locale.ROOT);
    return child(stem + counters.merge(stem, 1, Integer::sum));
  }

  /**
   * Prefix of the branches of a merge: {@code b1, b2 …} for the first merge of a scope (an inception
   * block's {@code inception3a.b2}), {@code concat2.b1 …} for later ones so names stay unique.
   */
  String branchPrefix(String mergeName, int branch) {
    return merges == 1 ? "b" + branch : mergeName.substring(mergeName.lastIndexOf('.') + 1) + ".b" + branch;
  }

  void countMerge() {
    merges++;
  }

  private String qualify(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }
}
