package dev.cnnc.runtime.loss;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * Mean squared error averaged over every element (PyTorch {@code MSELoss()}; equal to Keras' MSE
 * for a batch of equal-length vectors): L = Σ (p − t)² / (N·K), dL/dp = 2 (p − t) / (N·K).
 */
public final class MeanSquaredError {
  private MeanSquaredError() {}

  /** Against dense targets of the same shape; overwrites dPred unless null. */
  public static float compute(Tensor pred, Tensor target, Tensor dPred) {
    if (pred.size() != target.size()) {
      throw new IllegalArgumentException("target " + target + " does not match " + pred);
    }
    final int count = pred.size();
    double total = 0;
    for (int i = 0; i < count; i++) {
      double d = pred.data[pred.offset + i] - target.data[target.offset + i];
      total += d * d;
      if (dPred != null) {
        dPred.data[dPred.offset + i] = (float) (2 * d / count);
      }
    }
    return (float) (total / count);
  }

  /**
   * Against one-hot targets built from class labels: the label's entry is {@code on}, the others
   * {@code off} (e.g. 1/0, or LeCun's +1/−1 for tanh outputs). Overwrites dPred unless null.
   */
  public static float withLabels(Tensor pred, int[] labels, float on, float off, Tensor dPred) {
    final int n = pred.n;
    final int k = pred.sampleSize();
    SoftmaxCrossEntropy.checkLabels(labels, n, k, dPred);
    final double count = (double) n * k;
    double total = 0;
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < k; i++) {
        double d = pred.data[pred.offset + b * k + i] - (i == labels[b] ? on : off);
        total += d * d;
        if (dPred != null) {
          dPred.data[dPred.offset + b * k + i] = (float) (2 * d / count);
        }
      }
    }
    return (float) (total / count);
  }
}
