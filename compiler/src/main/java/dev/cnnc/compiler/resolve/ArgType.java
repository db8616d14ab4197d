package dev.cnnc.compiler.resolve;

/** What an argument accepts; the binder checks and converts values by this. */
enum ArgType {
  /** An integer ≥ 1 (filters, units, groups). */
  COUNT,
  /** An integer ≥ 0. */
  NATURAL,
  /** Any number. */
  REAL,
  /** A number in [0, 1) (dropout rate). */
  RATE,
  /** {@code 3} or {@code 3x5}, each ≥ 1 (kernel, stride, window, dilation). */
  SIZE2,
  /** {@code 224x224x3}. */
  SHAPE3,
  /** {@code valid}, {@code same}, {@code N}, {@code (top, bottom, left, right)}. */
  PAD,
  BOOL,
  /** {@code none} or an activation name. */
  ACT,
  /** {@code strict}, {@code floor}, {@code ceil}. */
  ROUND,
  /** {@code all} or a list of input-channel lists, one per filter. */
  TABLE
}
