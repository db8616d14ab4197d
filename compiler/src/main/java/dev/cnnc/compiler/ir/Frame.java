package dev.cnnc.compiler.ir;

import dev.cnnc.compiler.source.Span;

/**
 * One level of expansion that produced a node: a block used at {@code site}, or repetition
 * {@code index} (1-based) of {@code count}.
 */
public record Frame(String block, Span site, int index, int count) {
  public static Frame block(String name, Span site) {
    return new Frame(name, site, 0, 0);
  }

  public static Frame repetition(Span site, int index, int count) {
    return new Frame(null, site, index, count);
  }

  public String describe() {
    return block != null
        ? "in block `" + block + "` used at " + site.location()
        : "in repetition " + index + " of " + count + " at " + site.location();
  }
}
