package dev.cnnc.runtime.loss;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * LeNet-5's criterion for RBF outputs (LeCun et al. 1998, Eq. 9), averaged over the batch:
 *
 * <pre>
 *   E = y_label + log(e^(−j) + Σ_i e^(−y_i))
 * </pre>
 *
 * The second term pushes the wrong classes' distances up so the prototypes cannot all be matched;
 * j = +∞ drops it (Eq. 8: E = y_label, fine with fixed prototypes). Computed with the max
 * exponent subtracted. Overwrites dOut unless null.
 */
public final class RbfLoss {
  private RbfLoss() {}

  public static float compute(Tensor rbfOut, int[] labels, float j, Tensor dOut) {
    final int n = rbfOut.n;
    final int k = rbfOut.sampleSize();
    SoftmaxCrossEntropy.checkLabels(labels, n, k, dOut);
    final boolean competitive = j != Float.POSITIVE_INFINITY;
    double total = 0;
    for (int b = 0; b < n; b++) {
      int at = rbfOut.offset + b * k;
      double own = rbfOut.data[at + labels[b]];
      double shift = 0;
      double sum = 0;
      if (competitive) {
        // log(e^−j + Σ e^−y) with shift = max(−j, max(−y)) for stability.
        shift = -j;
        for (int i = 0; i < k; i++) {
          shift = Math.max(shift, -rbfOut.data[at + i]);
        }
        sum = Math.exp(-j - shift);
        for (int i = 0; i < k; i++) {
          sum += Math.exp(-rbfOut.data[at + i] - shift);
        }
        total += own + shift + Math.log(sum);
      } else {
        total += own;
      }
      if (dOut != null) {
        int d = dOut.offset + b * k;
        for (int i = 0; i < k; i++) {
          double g = i == labels[b] ? 1 : 0;
          if (competitive) {
            g -= Math.exp(-rbfOut.data[at + i] - shift) / sum;
          }
          dOut.data[d + i] = (float) (g / n);
        }
      }
    }
    return (float) (total / n);
  }
}
