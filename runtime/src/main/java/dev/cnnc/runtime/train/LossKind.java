package dev.cnnc.runtime.train;

import java.util.Locale;

/**
 * The training criterion for SOFTMAX and raw-score outputs. RBF outputs (LeNet-5 1998) always use
 * LeCun's RBF criterion, whatever is chosen here.
 */
public enum LossKind {
  /** Cross-entropy against integer labels (fused with a final SOFTMAX, or over raw logits). */
  CROSSENTROPY,
  /** Mean squared error against one-hot targets. */
  MSE;

  static final String ALLOWED = "crossentropy or mse";

  public static LossKind parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "crossentropy", "cross_entropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "ce", "nll" -> CROSSENTROPY;
      case "mse", "mean_squared_error", "l2" -> MSE;
      default -> throw new TrainConfigException("loss", text, "unknown loss", ALLOWED);
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
