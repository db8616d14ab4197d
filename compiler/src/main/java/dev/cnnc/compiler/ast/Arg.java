package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.Span;

/** A positional ({@code name == null}) or {@code key=value} argument. */
public record Arg(Ident name, Expr value, Span span) {
  public boolean positional() {
    return name == null;
  }
}
