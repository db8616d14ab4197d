package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.Span;
import java.util.List;

/** Values in arguments, constants, repetition counts and train settings. */
public sealed interface Expr {
  Span span();

  /** An integer literal. */
  record Int(long value, Span span) implements Expr {}

  /** A decimal or exponent literal. */
  record Real(double value, Span span) implements Expr {}

  /** {@code 5x5} or {@code 224x224x3}. */
  record Size(List<Integer> dims, Span span) implements Expr {}

  record Str(String value, Span span) implements Expr {}

  /** A name: a parameter, a constant, or a symbol such as {@code same} or {@code relu}. */
  record Ref(Ident name, Span span) implements Expr {}

  /** {@code nadam(lr=0.001)} in a train block. */
  record Call(Ident name, List<Arg> args, Span span) implements Expr {}

  /** {@code [[0,1,2], [1,2,3]]}. */
  record ListLit(List<Expr> items, Span span) implements Expr {}

  /** {@code (1, 2, 1, 2)}: padding top, bottom, left, right. */
  record Tuple(List<Expr> items, Span span) implements Expr {}

  record Neg(Expr operand, Span span) implements Expr {}

  record Binary(char op, Expr left, Expr right, Span span) implements Expr {}
}
