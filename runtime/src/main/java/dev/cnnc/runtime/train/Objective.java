package dev.cnnc.runtime.train;

import dev.cnnc.runtime.loss.MeanSquaredError;
import dev.cnnc.runtime.loss.Metrics;
import dev.cnnc.runtime.loss.RbfLoss;
import dev.cnnc.runtime.loss.SoftmaxCrossEntropy;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * The loss of a model's outputs: per output the criterion its kind calls for, times the output's
 * weight (GoogLeNet's auxiliary heads 0.3), summed. Also picks the primary output (the heaviest,
 * first on ties) that accuracy is measured on. Gradient buffers are allocated once.
 */
final class Objective {
  /** LeNet-5's constant j of the RBF criterion (Eq. 9): small, so it only matters for wrong classes. */
  static final float RBF_J = 0.1f;

  private final List<OutputSpec> outputs;
  private final LossKind kind;
  private final Tensor[] grads;
  final int primary;

  Objective(Model model, LossKind kind) {
    this.outputs = model.outputs();
    this.kind = kind;
    this.grads = new Tensor[outputs.size()];
    int best = 0;
    for (int i = 0; i < outputs.size(); i++) {
      grads[i] = Tensor.vector(model.maxBatch(), outputs.get(i).size());
      if (outputs.get(i).weight() > outputs.get(best).weight()) {
        best = i;
      }
    }
    this.primary = best;
  }

  OutputSpec primarySpec() {
    return outputs.get(primary);
  }

  int classes() {
    return outputs.get(primary).size();
  }

  boolean lowerIsBetter() {
    return outputs.get(primary).kind() == OutputSpec.Kind.RBF;
  }

  /**
   * The weighted loss of a batch of n; when {@code withGradients}, also fills the gradients that
   * {@link #gradients} then returns.
   */
  double loss(Tensor[] outs, int[] labels, int n, boolean withGradients) {
    double total = 0;
    for (int i = 0; i < outputs.size(); i++) {
      OutputSpec spec = outputs.get(i);
      Tensor out = outs[i].withBatch(n).reshape(1, 1, spec.size());
      Tensor g = withGradients ? grads[i].withBatch(n) : null;
      double l = single(spec, out, labels, g);
      float w = (float) spec.weight();
      if (g != null && w != 1f) {
        for (int k = g.offset; k < g.offset + g.size(); k++) {
          g.data[k] *= w;
        }
      }
      total += spec.weight() * l;
    }
    return total;
  }

  Tensor[] gradients(int n) {
    Tensor[] g = new Tensor[grads.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = grads[i].withBatch(n);
    }
    return g;
  }

  private double single(OutputSpec spec, Tensor out, int[] labels, Tensor g) {
    switch (spec.kind()) {
      case RBF:
        return RbfLoss.compute(out, labels, RBF_J, g);
      case SOFTMAX:
        if (kind == LossKind.CROSSENTROPY) {
          return SoftmaxCrossEntropy.fromProbabilities(out, labels, g);
        }
        float l = MeanSquaredError.withLabels(out, labels, 1f, 0f, g);
        if (g != null) {
          softmaxBackward(out, g);
        }
        return l;
      default:
        return kind == LossKind.CROSSENTROPY
            ? SoftmaxCrossEntropy.fromLogits(out, labels, g)
            : MeanSquaredError.withLabels(out, labels, 1f, 0f, g);
    }
  }

  /**
   * Turns dL/dp into dL/dz in place for p = softmax(z): dz = p ⊙ (dp − Σ dp·p). Needed because the
   * Model contract takes the gradient of a SOFTMAX output with respect to the softmax's input.
   */
  static void softmaxBackward(Tensor p, Tensor g) {
    int k = p.sampleSize();
    for (int b = 0; b < p.n; b++) {
      int pa = p.offset + b * k;
      int ga = g.offset + b * k;
      double dot = 0;
      for (int i = 0; i < k; i++) {
        dot += (double) g.data[ga + i] * p.data[pa + i];
      }
      for (int i = 0; i < k; i++) {
        g.data[ga + i] = (float) (p.data[pa + i] * (g.data[ga + i] - dot));
      }
    }
  }

  /** Correct top-1 and top-5 counts of the primary output for a batch of n. */
  int[] correct(Tensor[] outs, int[] labels, int n) {
    Tensor s = outs[primary].withBatch(n).reshape(1, 1, classes());
    int top1 = Metrics.correctTopK(s, labels, 1, lowerIsBetter());
    int top5 = classes() >= 5 ? Metrics.correctTopK(s, labels, 5, lowerIsBetter()) : 0;
    return new int[] {top1, top5};
  }
}
