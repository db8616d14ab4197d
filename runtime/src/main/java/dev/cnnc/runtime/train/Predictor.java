package dev.cnnc.runtime.train;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.tensor.Tensor;

/**
 * Class probabilities of a model's primary output for a batch of any size (run in chunks of the
 * model's maximum batch). SOFTMAX outputs are returned as they are; raw scores go through a
 * softmax; RBF distances (lower is better) through a softmax of their negatives.
 */
public final class Predictor {
  private final Model model;
  private final Objective objective;

  public Predictor(Model model) {
    this.model = model;
    this.objective = new Objective(model, LossKind.CROSSENTROPY);
  }

  public int classes() {
    return objective.classes();
  }

  /** One probability row per sample of {@code images} (normalised as in training). */
  public float[][] probabilities(Tensor images) {
    int classes = objective.classes();
    OutputSpec.Kind kind = objective.primarySpec().kind();
    float[][] out = new float[images.n][classes];
    for (int from = 0; from < images.n; from += model.maxBatch()) {
      int n = Math.min(model.maxBatch(), images.n - from);
      Tensor[] outs = model.forward(images.slice(from, n), false);
      Tensor s = outs[objective.primary].withBatch(n).reshape(1, 1, classes);
      for (int i = 0; i < n; i++) {
        float[] row = out[from + i];
        System.arraycopy(s.data, s.offset + i * classes, row, 0, classes);
        if (kind != OutputSpec.Kind.SOFTMAX) {
          softmax(row, kind == OutputSpec.Kind.RBF ? -1f : 1f);
        }
      }
    }
    return out;
  }

  private static void softmax(float[] row, float sign) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, sign * v);
    }
    double sum = 0;
    for (int i = 0; i < row.length; i++) {
      double e = Math.exp(sign * row[i] - max);
      row[i] = (float) e;
      sum += e;
    }
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) (row[i] / sum);
    }
  }

  /** Indices of the k most probable classes of a row, best first. */
  public static int[] top(float[] probs, int k) {
    int m = Math.min(k, probs.length);
    int[] idx = new int[m];
    boolean[] used = new boolean[probs.length];
    for (int j = 0; j < m; j++) {
      int best = -1;
      for (int i = 0; i < probs.length; i++) {
        if (!used[i] && (best < 0 || probs[i] > probs[best])) {
          best = i;
        }
      }
      used[best] = true;
      idx[j] = best;
    }
    return idx;
  }
}
