package dev.cnnc.compiler.diag;

import dev.cnnc.compiler.source.Span;

/** A secondary location of a diagnostic with a short message ("this branch gives 26x26x128"). */
public record Label(Span span, String message) {}
