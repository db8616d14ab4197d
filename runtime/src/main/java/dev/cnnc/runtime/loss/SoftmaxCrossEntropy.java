package dev.cnnc.runtime.loss;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * Cross-entropy against integer class labels, averaged over the batch. Two entry points:
 *
 * <ul>
 *   <li>{@link #fromLogits}: the network ends in a linear layer; softmax is fused in here
 *       (log-sum-exp with the max subtracted, so large logits do not overflow).
 *   <li>{@link #fromProbabilities}: the network ends in a SOFTMAX layer whose output is passed
 *       here. The gradient written is with respect to the softmax's <em>input</em> logits
 *       ((p − onehot) / N): the generator skips {@code Softmax.backward} and feeds this gradient as
 *       the softmax layer's dIn.
 * </ul>
 *
 * Scores are [N, 1, 1, K] (any h·w·c = K is accepted; the sample is read as a flat K-vector).
 * Both return the mean loss and overwrite {@code dLogits} unless it is null (evaluation).
 */
public final class SoftmaxCrossEntropy {
  /** Probabilities are clamped here before the log so a saturated softmax gives a finite loss. */
  static final double MIN_PROB = 1e-30;

  private SoftmaxCrossEntropy() {}

  public static float fromLogits(Tensor logits, int[] labels, Tensor dLogits) {
    final int n = logits.n;
    final int k = logits.sampleSize();
    checkLabels(labels, n, k, dLogits);
    double total = 0;
    for (int b = 0; b < n; b++) {
      int at = logits.offset + b * k;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        max = Math.max(max, logits.data[at + i]);
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        sum += Math.exp(logits.data[at + i] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - (logits.data[at + labels[b]] - max);
      if (dLogits != null) {
        int d = dLogits.offset + b * k;
        for (int i = 0; i < k; i++) {
          double p = Math.exp(logits.data[at + i] - max - logSum);
          dLogits.data[d + i] = (float) ((p - (i == labels[b] ? 1 : 0)) / n);
        }
      }
    }
    return (float) (total / n);
  }

  public static float fromProbabilities(Tensor probs, int[] labels, Tensor dLogits) {
    final int n = probs.n;
    final int k = probs.sampleSize();
    checkLabels(labels, n, k, dLogits);
    double total = 0;
    for (int b = 0; b < n; b++) {
      int at = probs.offset + b * k;
      total -= Math.log(Math.max(MIN_PROB, probs.data[at + labels[b]]));
      if (dLogits != null) {
        int d = dLogits.offset + b * k;
        for (int i = 0; i < k; i++) {
          dLogits.data[d + i] = (probs.data[at + i] - (i == labels[b] ? 1f : 0f)) / n;
        }
      }
    }
    return (float) (total / n);
  }

  static void checkLabels(int[] labels, int n, int k, Tensor grad) {
    if (labels.length < n) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + n);
    }
    for (int b = 0; b < n; b++) {
      if (labels[b] < 0 || labels[b] >= k) {
        throw new IllegalArgumentException("label " + labels[b] + " outside [0, " + k + ")");
      }
    }
    if (grad != null && (grad.n != n || grad.sampleSize() != k)) {
      throw new IllegalArgumentException("gradient " + grad + " does not match scores");
    }
  }
}
