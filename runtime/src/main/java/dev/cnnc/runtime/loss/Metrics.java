package dev.cnnc.runtime.loss;

import dev.cnnc.runtime.tensor.Tensor;

/** Classification counts for accuracy reporting. */
public final class Metrics {
  private Metrics() {}

  /** Samples whose label has the highest score (see {@link #correctTopK} for ties). */
  public static int correct(Tensor scores, int[] labels) {
    return correctTopK(scores, labels, 1, false);
  }

  /**
   * Samples whose label is among the k best scores. {@code lowerIsBetter} ranks ascending, for
   * distance outputs such as LeNet-5's RBF layer. Ties rank the lower class index first (as
   * {@link #argBest} does), so a constant output is not counted as correct for every label.
   */
  public static int correctTopK(Tensor scores, int[] labels, int k, boolean lowerIsBetter) {
    final int classes = scores.sampleSize();
    int hits = 0;
    for (int b = 0; b < scores.n; b++) {
      int at = scores.offset + b * classes;
      float own = scores.data[at + labels[b]];
      int better = 0;
      for (int i = 0; i < classes && better < k; i++) {
        float s = scores.data[at + i];
        if ((lowerIsBetter ? s < own : s > own) || (s == own && i < labels[b])) {
          better++;
        }
      }
      if (better < k) {
        hits++;
      }
    }
    return hits;
  }

  /** Index of the best score of sample b. */
  public static int argBest(Tensor scores, int b, boolean lowerIsBetter) {
    final int classes = scores.sampleSize();
    int at = scores.offset + b * classes;
    int best = 0;
    for (int i = 1; i < classes; i++) {
      float s = scores.data[at + i];
      if (lowerIsBetter ? s < scores.data[at + best] : s > scores.data[at + best]) {
        best = i;
      }
    }
    return best;
  }
}
