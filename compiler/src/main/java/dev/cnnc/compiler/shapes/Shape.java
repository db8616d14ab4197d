package dev.cnnc.compiler.shapes;

/**
 * A tensor shape for one sample: H×W×C when {@code spatial}, else a vector of {@code c} values
 * ({@code h = w = 1}). Written as the textbooks do: {@code 28x28x1}, or {@code 10} for a vector.
 */
public record Shape(int h, int w, int c, boolean spatial) {
  public static Shape spatial(int h, int w, int c) {
    return new Shape(h, w, c, true);
  }

  public static Shape vector(int n) {
    return new Shape(1, 1, n, false);
  }

  public long size() {
    return (long) h * w * c;
  }

  /** {@code 28x28x1} or {@code 10}. */
  public String show() {
    return spatial ? h + "x" + w + "x" + c : Integer.toString(c);
  }

  /** {@code 28x28}: the spatial part only. */
  public String showSpatial() {
    return h + "x" + w;
  }

  /** JSON form: [H, W, C] or [N]. */
  public int[] dims() {
    return spatial ? new int[] {h, w, c} : new int[] {c};
  }

  @Override
  public String toString() {
    return show();
  }
}
