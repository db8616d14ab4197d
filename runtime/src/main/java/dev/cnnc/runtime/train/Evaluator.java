package dev.cnnc.runtime.train;

import dev.cnnc.runtime.data.BatchIterator;
import dev.cnnc.runtime.data.Batches;
import dev.cnnc.runtime.data.Dataset;
import dev.cnnc.runtime.loss.Metrics;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Tensor;

/** Inference-mode evaluation of a model over a whole data set, in order, batch by batch. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Accuracy, top-5, mean loss and confusion matrix of {@code model} on {@code data} (already
   * normalised as the model was trained). {@code batch} is capped at the model's maximum.
   */
  public static Evaluation evaluate(Model model, Dataset data, int batch, LossKind loss) {
    int b = Math.max(1, Math.min(batch, model.maxBatch()));
    Objective objective = new Objective(model, loss);
    int classes = objective.classes();
    if (data.numClasses() > classes) {
      throw new IllegalArgumentException("the data set has " + data.numClasses() + " classes, the network's output "
          + objective.primarySpec().name() + " only " + classes);
    }
    int[] in = model.inputShape();
    Tensor input = Tensor.zeros(b, in[0], in[1], in[2]);
    int[] labels = new int[b];
    int[][] confusion = new int[classes][classes];
    double lossSum = 0;
    long top1 = 0;
    long top5 = 0;
    long seen = 0;
    try (Batches batches = BatchIterator.sequential(data, b).epoch(0, 0, true)) {
      int n;
      while ((n = batches.next(input, labels)) > 0) {
        Tensor[] outs = model.forward(input.withBatch(n), false);
        lossSum += objective.loss(outs, labels, n, false) * n;
        int[] c = objective.correct(outs, labels, n);
        top1 += c[0];
        top5 += c[1];
        seen += n;
        Tensor scores = outs[objective.primary].withBatch(n).reshape(1, 1, classes);
        for (int i = 0; i < n; i++) {
          confusion[labels[i]][Metrics.argBest(scores, i, objective.lowerIsBetter())]++;
        }
      }
    }
    double nan = Double.NaN;
    return new Evaluation((int) seen, seen == 0 ? nan : lossSum / seen, seen == 0 ? nan : (double) top1 / seen,
        seen == 0 || classes < 5 ? nan : (double) top5 / seen, confusion);
  }
}
