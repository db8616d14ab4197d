package dev.cnnc.cli.commands;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.layers.Dense;
import dev.cnnc.runtime.layers.FusedActivation;
import dev.cnnc.runtime.layers.Softmax;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * A hand-written model for CLI tests: INPUT(28x28x1) => FC(classes) => SOFTMAX (softmax
 * regression). {@code nanAtForward} poisons the k-th training forward to test divergence handling.
 */
final class LinearModel implements Model {
  private final int maxBatch;
  private final int classes;
  private final Dense fc;
  private final Softmax softmax = new Softmax(1, 1, 10);
  private final Tensor logits;
  private final Tensor probs;
  private Tensor lastInput;
  private final long nanAtForward;
  private long forwards;

  LinearModel(int maxBatch, int classes, long nanAtForward) {
    this.maxBatch = maxBatch;
    this.classes = classes;
    this.fc = new Dense("fc", 784, classes, true, FusedActivation.NONE);
    this.logits = Tensor.vector(maxBatch, classes);
    this.probs = Tensor.vector(maxBatch, classes);
    this.nanAtForward = nanAtForward;
  }

  @Override
  public String name() {
    return "Linear";
  }

  @Override
  public int[] inputShape() {
    return new int[] {28, 28, 1};
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public List<OutputSpec> outputs() {
    return List.of(new OutputSpec("out", classes, 1.0, OutputSpec.Kind.SOFTMAX));
  }

  @Override
  public List<Parameter> parameters() {
    return fc.parameters();
  }

  @Override
  public Tensor[] forward(Tensor input, boolean training) {
    int n = input.n;
    lastInput = input;
    fc.forward(input, logits.withBatch(n), training);
    softmax.forward(logits.withBatch(n), probs.withBatch(n), training);
    if (training && forwards++ == nanAtForward) {
      probs.withBatch(n).fill(Float.NaN);
    }
    return new Tensor[] {probs.withBatch(n)};
  }

  @Override
  public void backward(Tensor[] g) {
    fc.backward(lastInput, logits.withBatch(lastInput.n), g[0], null);
  }

  @Override
  public void initialize(long seed) {
    Init.fill(fc.weight(), Init.Scheme.GLOROT_UNIFORM, 784, classes, Init.seedFor(seed, "fc.weight"));
    Init.constant(fc.bias(), 0f);
  }

  @Override
  public long[] rngState() {
    return new long[0];
  }

  @Override
  public void restoreRngState(long[] state) {}
}
