package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.source.Span;

/**
 * An evaluated argument before binding. {@code key} is null for a positional argument;
 * {@code layer} counts partial nesting: arguments of a call override those of the partial it uses.
 */
record RawArg(String key, Span keySpan, Value value, Span span, int layer) {}
