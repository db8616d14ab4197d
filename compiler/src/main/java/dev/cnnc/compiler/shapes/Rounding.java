package dev.cnnc.compiler.shapes;

/** What to do when a window does not tile its input exactly. */
public enum Rounding {
  /** The textbooks' rule and the default: the division must be exact. */
  STRICT,
  /** Drop the incomplete last window (PyTorch's default, Keras 'valid'). */
  FLOOR,
  /** Keep a last incomplete window (PyTorch/ONNX ceil_mode), which must start inside the input or its left padding. */
  CEIL;

  public static Rounding of(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
