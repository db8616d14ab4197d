package dev.cnnc.runtime.train;

import java.util.Locale;

/**
 * "Divide the learning rate by 10 when the validation error stops improving" (Krizhevsky et al.;
 * PyTorch's ReduceLROnPlateau): after {@code patience} epochs in a row without a new best of the
 * monitored loss, the scheduled rate is multiplied by {@code factor}, never below {@code min}. The
 * monitored loss is the validation loss when there is a validation split, else the training loss:
 * the test split never steers training. The state travels in checkpoints, so resuming is exact.
 */
final class Plateau {
  /** A relative improvement smaller than this is no improvement (PyTorch's default threshold). */
  private static final double THRESHOLD = 1e-4;

  private final double factor;
  private final int patience;
  private final double min;
  private double scale = 1;
  private double best = Double.POSITIVE_INFINITY;
  private int bad;

  Plateau(double factor, int patience, double min) {
    this.factor = factor;
    this.patience = patience;
    this.min = min;
  }

  /** The learning rate to use: the schedule's rate scaled by the reductions so far. */
  float apply(float scheduled) {
    return (float) Math.max(min, scheduled * scale);
  }

  /** Records an epoch's monitored loss; returns true when it reduced the rate. */
  boolean epochEnded(double monitored) {
    if (monitored < best * (1 - THRESHOLD)) {
      best = monitored;
      bad = 0;
      return false;
    }
    if (++bad > patience) {
      scale *= factor;
      bad = 0;
      return true;
    }
    return false;
  }

  double scale() {
    return scale;
  }

  /** {@code scale;best;bad} for checkpoint metadata (hex floats: exact). */
  String format() {
    return Double.toHexString(scale) + ";" + Double.toHexString(best) + ";" + bad;
  }

  void restore(String state) {
    String[] p = state.split(";");
    if (p.length != 3) {
      throw new IllegalArgumentException("malformed plateau state \"" + state + "\"");
    }
    scale = Double.parseDouble(p[0]);
    best = Double.parseDouble(p[1]);
    bad = Integer.parseInt(p[2]);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "plateau(factor=%s, patience=%d)", factor, patience);
  }
}
