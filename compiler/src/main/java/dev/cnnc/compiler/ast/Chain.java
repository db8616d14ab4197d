package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.Span;
import java.util.List;

/** {@code A => B => C}: elements applied in order. */
public record Chain(List<Element> elements, Span span) {

  /** One step of a chain, optionally naming its output ({@code as name}). */
  public record Element(Primary primary, Ident tap, Span span) {}

  /** What an element is. */
  public sealed interface Primary {
    Span span();
  }

  /**
   * A name with optional arguments: a layer ({@code CONV(32)}), a partial, a block, a tap or
   * {@code ID}. {@code parens} tells {@code FC} from {@code FC()}.
   */
  public record Call(Ident name, List<Arg> args, boolean parens, Span span) implements Primary {}

  /** {@code [chain] * count}; {@code open} is the {@code [} token. */
  public record Repeat(Chain body, Expr count, Span open, Span span) implements Primary {}

  /** {@code concat(...)} or {@code add(...)}. */
  public record Branch(boolean concat, List<Chain> branches, Span keyword, Span span) implements Primary {}
}
