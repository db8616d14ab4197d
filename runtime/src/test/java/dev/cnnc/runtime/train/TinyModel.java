package dev.cnnc.runtime.train;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.layers.Conv2d;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.layers.Dense;
import dev.cnnc.runtime.layers.Dropout;
import dev.cnnc.runtime.layers.FusedActivation;
import dev.cnnc.runtime.layers.MaxPool2d;
import dev.cnnc.runtime.layers.Softmax;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written stand-in for generated code: INPUT(HxWx1) => CONV(c, 3x3, pad=same, act=relu)
 * => MAXPOOL(2) => DROPOUT(p) => FC(classes) => SOFTMAX, buffers sized for maxBatch, following
 * Model's gradient convention (the softmax output's gradient is the logits' gradient).
 * {@code nanAtForward} makes the k-th training forward return NaN probabilities (divergence tests).
 */
final class TinyModel implements Model {
  private final int h;
  private final int w;
  private final int classes;
  private final int maxBatch;
  private final Conv2d conv;
  private final MaxPool2d pool;
  private final Dropout drop;
  private final Dense fc;
  private final Softmax softmax;
  private final Tensor convOut;
  private final Tensor poolOut;
  private final Tensor dropOut;
  private final Tensor logits;
  private final Tensor probs;
  private final Tensor dConv;
  private final Tensor dPool;
  private final Tensor dDrop;
  private Tensor lastInput;
  long nanAtForward = -1;
  private long trainingForwards;

  TinyModel(int h, int w, int channels, int classes, float dropout, int maxBatch) {
    this.h = h;
    this.w = w;
    this.classes = classes;
    this.maxBatch = maxBatch;
    conv = new Conv2d(ConvConfig.builder("conv1", h, w, 1, channels).kernel(3, 3).samePadding()
        .activation(FusedActivation.RELU).build());
    int ph = h / 2;
    int pw = w / 2;
    pool = new MaxPool2d(h, w, channels, 2, 2, 2, 2, 0, 0, 0, 0, ph, pw);
    drop = new Dropout(ph, pw, channels, dropout, 7);
    fc = new Dense("fc2", ph * pw * channels, classes, true, FusedActivation.NONE);
    softmax = new Softmax(1, 1, classes);
    convOut = Tensor.zeros(maxBatch, h, w, channels);
    dConv = Tensor.zeros(maxBatch, h, w, channels);
    poolOut = Tensor.zeros(maxBatch, ph, pw, channels);
    dPool = Tensor.zeros(maxBatch, ph, pw, channels);
    dropOut = Tensor.zeros(maxBatch, ph, pw, channels);
    dDrop = Tensor.zeros(maxBatch, ph, pw, channels);
    logits = Tensor.vector(maxBatch, classes);
    probs = Tensor.vector(maxBatch, classes);
  }

  @Override
  public String name() {
    return "Tiny";
  }

  @Override
  public int[] inputShape() {
    return new int[] {h, w, 1};
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
    List<Parameter> p = new ArrayList<>(conv.parameters());
    p.addAll(fc.parameters());
    return p;
  }

  @Override
  public Tensor[] forward(Tensor input, boolean training) {
    int n = input.n;
    lastInput = input;
    conv.forward(input, convOut.withBatch(n), training);
    pool.forward(convOut.withBatch(n), poolOut.withBatch(n), training);
    drop.forward(poolOut.withBatch(n), dropOut.withBatch(n), training);
    fc.forward(dropOut.withBatch(n), logits.withBatch(n), training);
    softmax.forward(logits.withBatch(n), probs.withBatch(n), training);
    if (training && trainingForwards++ == nanAtForward) {
      probs.withBatch(n).fill(Float.NaN);
    }
    return new Tensor[] {probs.withBatch(n)};
  }

  @Override
  public void backward(Tensor[] outputGradients) {
    int n = lastInput.n;
    Tensor dLogits = outputGradients[0];
    fc.backward(dropOut.withBatch(n), logits.withBatch(n), dLogits, dDrop.withBatch(n));
    drop.backward(poolOut.withBatch(n), dropOut.withBatch(n), dDrop.withBatch(n), dPool.withBatch(n));
    pool.backward(convOut.withBatch(n), poolOut.withBatch(n), dPool.withBatch(n), dConv.withBatch(n));
    conv.backward(lastInput, convOut.withBatch(n), dConv.withBatch(n), null);
  }

  @Override
  public void initialize(long seed) {
    ConvConfig c = conv.config();
    Init.fill(conv.weight(), Init.Scheme.HE_UNIFORM, 9, 9 * c.outC(), Init.seedFor(seed, "conv1.weight"));
    Init.constant(conv.bias(), 0f);
    Init.fill(fc.weight(), Init.Scheme.GLOROT_UNIFORM, fc.inFeatures(), classes, Init.seedFor(seed, "fc2.weight"));
    Init.constant(fc.bias(), 0f);
    drop.restoreRngState(new long[] {seed, 0});
  }

  @Override
  public long[] rngState() {
    return drop.rngState();
  }

  @Override
  public void restoreRngState(long[] state) {
    drop.restoreRngState(state);
  }
}
