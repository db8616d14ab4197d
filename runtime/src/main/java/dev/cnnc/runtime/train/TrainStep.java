package dev.cnnc.runtime.train;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.optim.GradClip;
import dev.cnnc.runtime.optim.Optimizer;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * One optimisation step on one batch: zero gradients, training forward, weighted loss of every
 * output, backward, optional global-norm clipping, optimiser update. The unit the {@link Trainer}
 * repeats and the benchmarks time. If the loss or the gradient norm is not finite the update is
 * skipped, so the weights stay as they were.
 */
public final class TrainStep {
  private final Model model;
  private final Objective objective;
  private final Optimizer optimizer;
  private final double clip;
  private final List<Parameter> params;
  private int[] correct = {0, 0};
  private double gradNorm = Double.NaN;

  /** @param clip global gradient-norm limit, 0 for none */
  public TrainStep(Model model, LossKind loss, Optimizer optimizer, double clip) {
    this.model = model;
    this.objective = new Objective(model, loss);
    this.optimizer = optimizer;
    this.clip = clip;
    this.params = model.parameters();
  }

  /** Trains on all {@code input.n} samples; returns the batch's mean loss (not finite: no update). */
  public double run(Tensor input, int[] labels) {
    int n = input.n;
    model.zeroGrad();
    Tensor[] outs = model.forward(input, true);
    double loss = objective.loss(outs, labels, n, true);
    if (!Double.isFinite(loss)) {
      return loss;
    }
    correct = objective.correct(outs, labels, n);
    model.backward(objective.gradients(n));
    if (clip > 0) {
      gradNorm = GradClip.clipByGlobalNorm(params, (float) clip);
      if (!Double.isFinite(gradNorm)) {
        return loss;
      }
    }
    optimizer.step(params);
    return loss;
  }

  /** The global gradient norm before clipping of the last step (NaN without clipping). */
  public double gradNorm() {
    return gradNorm;
  }

  /** Correct top-1 and top-5 predictions of the last step's training forward. */
  int[] correct() {
    return correct;
  }

  int classes() {
    return objective.classes();
  }
}
