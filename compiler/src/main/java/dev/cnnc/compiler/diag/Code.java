package dev.cnnc.compiler.diag;

/**
 * Every diagnostic code with a one-line title. Each code has a page at
 * {@code docs/diagnostics/CNNxxx.md}, printed by {@code cnnc explain CNNxxx}.
 */
public enum Code {
  // Syntax (001-009)
  CNN001("syntax error"),
  CNN002("unclosed bracket or parenthesis"),
  CNN003("unexpected character"),
  // Imports (010-019)
  CNN010("imported file not found"),
  CNN011("import cycle"),
  CNN012("unknown standard-library module"),
  // Names and arguments (020-039)
  CNN020("unknown name"),
  CNN021("unknown argument"),
  CNN022("missing required argument"),
  CNN023("invalid argument value"),
  CNN024("argument given twice or too many arguments"),
  CNN025("tap used before it is defined"),
  CNN026("tap defined twice"),
  CNN027("name defined twice"),
  CNN028("unknown network parameter"),
  CNN029("network has no input"),
  CNN030("block calls itself"),
  CNN032("invalid output declaration"),
  CNN033("invalid train setting"),
  // Shapes (040-059)
  CNN040("size does not divide evenly"),
  CNN041("window larger than its input"),
  CNN042("concat of tensors with different spatial sizes"),
  CNN043("add of tensors with different shapes"),
  CNN044("channels not divisible by groups"),
  CNN045("channels not divisible by the depth-pool size"),
  CNN046("invalid connection table"),
  CNN047("layer needs a spatial input"),
  // Warnings (060-069)
  CNN060("input rows or columns never read"),
  CNN061("tap never used"),
  CNN062("repetition of zero at top level");

  private final String title;

  Code(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
