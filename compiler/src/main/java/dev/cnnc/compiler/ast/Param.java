package dev.cnnc.compiler.ast;

/** A block or network parameter with an optional default. */
public record Param(Ident name, Expr defaultValue) {}
