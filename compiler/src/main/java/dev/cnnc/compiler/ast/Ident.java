package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.Span;

/** A name as written, with where it was written. */
public record Ident(String name, Span span) {
  @Override
  public String toString() {
    return name;
  }
}
