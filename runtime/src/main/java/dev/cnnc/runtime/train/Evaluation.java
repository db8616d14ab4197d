package dev.cnnc.runtime.train;

import java.util.Locale;

/**
 * Results of {@link Evaluator#evaluate}: mean loss (weighted over outputs, as in training),
 * top-1 and top-5 accuracy of the primary output (top-5 NaN below 5 classes) and the confusion
 * matrix, {@code confusion[true][predicted]}.
 */
public record Evaluation(int samples, double loss, double accuracy, double top5, int[][] confusion) {

  /** {@code {"samples": …, "accuracy": …, "top5": …, "loss": …, "confusion": [[…], …]}}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"samples\": ").append(samples)
        .append(", \"accuracy\": ").append(num(accuracy))
        .append(", \"top5\": ").append(num(top5))
        .append(", \"loss\": ").append(num(loss))
        .append(", \"confusion\": [");
    for (int i = 0; i < confusion.length; i++) {
      sb.append(i == 0 ? "[" : ", [");
      for (int j = 0; j < confusion[i].length; j++) {
        sb.append(j == 0 ? "" : ", ").append(confusion[i][j]);
      }
      sb.append(']');
    }
    return sb.append("]}").toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
  }
}
