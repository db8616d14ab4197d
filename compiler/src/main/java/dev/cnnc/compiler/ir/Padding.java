package dev.cnnc.compiler.ir;

/**
 * How a layer pads: {@code valid} (none), {@code same} (TensorFlow/Keras: the odd pixel goes
 * bottom/right) or explicit amounts. The shape checker turns {@code same} into explicit amounts.
 */
public record Padding(Mode mode, int top, int bottom, int left, int right) {
  public enum Mode { VALID, SAME, EXPLICIT }

  public static final Padding VALID = new Padding(Mode.VALID, 0, 0, 0, 0);
  public static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0);

  public static Padding explicit(int top, int bottom, int left, int right) {
    return new Padding(Mode.EXPLICIT, top, bottom, left, right);
  }

  public boolean isZero() {
    return top == 0 && bottom == 0 && left == 0 && right == 0;
  }

  /** As the language writes it. */
  public String show() {
    return switch (mode) {
      case VALID -> "valid";
      case SAME -> "same";
      case EXPLICIT -> top == bottom && left == right && top == left ? Integer.toString(top)
          : "(" + top + ", " + bottom + ", " + left + ", " + right + ")";
    };
  }
}
