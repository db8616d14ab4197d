package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.source.Span;
import java.util.List;

/** Statements of a file or of a network body. */
public sealed interface Stmt {
  Span span();

  /** {@code import "file.cnn"} ({@code stdlib == false}) or {@code import stdlib.resnet}. */
  record Import(String target, boolean stdlib, Span targetSpan, Span span) implements Stmt {}

  /**
   * {@code let Name = ...}. Exactly one of {@code chain} and {@code value} is set; {@code params}
   * is null when the name was written without parentheses.
   */
  record Let(Ident name, List<Param> params, Chain chain, Expr value, Span span) implements Stmt {}

  record Network(Ident name, List<Param> params, List<Stmt> body, Span span) implements Stmt {}

  record ChainStmt(Chain chain, Span span) implements Stmt {}

  record Output(Ident name, List<Arg> args, Span span) implements Stmt {}

  record Train(List<TrainEntry> entries, Span span) implements Stmt {}

  /** {@code key = value} inside {@code train { }}. */
  record TrainEntry(Ident key, Expr value, Span span) {}
}
