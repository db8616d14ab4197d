package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics:
 *
 * <pre>
 *   g = grad + weightDecay · w                       (L2, coupled)
 *   buf = g                        on the first step  (momentum ≠ 0)
 *   buf = momentum · buf + (1 − dampening) · g       afterwards
 *   g = nesterov ? g + momentum · buf : buf
 *   w = w − lr · g
 * </pre>
 *
 * Slot: {@code <param>.momentum_buffer} (only when momentum ≠ 0).
 */
public final class Sgd extends StatefulOptimizer {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final String[] SLOTS = {"momentum_buffer"};
  private static final String[] NONE = {};

  private final float momentum;
  private final float dampening;
  private final float weightDecay;
  private final boolean nesterov;

  public Sgd(float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
    super(lr);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and no dampening");
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  /** Plain SGD with momentum (0 for none), no dampening, no weight decay. */
  public Sgd(float lr, float momentum) {
    this(lr, momentum, 0f, 0f, false);
  }

  @Override
  String[] slotNames() {
    return momentum != 0 ? SLOTS : NONE;
  }

  @Override
  void update(Parameter p, float[][] s, boolean fresh, int from, int to) {
    float[] buf = momentum != 0 ? s[0] : null;
    if (vectorised) {
      updateVector(p.value, p.grad, buf, fresh, from, to);
    } else {
      updateScalar(p.value, p.grad, buf, fresh, from, to);
    }
  }

  void updateVector(float[] w, float[] grad, float[] buf, boolean fresh, int from, int to) {
    final float lr = learningRate();
    final float keep = 1f - dampening;
    int i = from;
    for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
      FloatVector wv = FloatVector.fromArray(F, w, i);
      FloatVector g = FloatVector.fromArray(F, grad, i).add(wv.mul(weightDecay));
      if (buf != null) {
        FloatVector b = fresh ? g
            : FloatVector.fromArray(F, buf, i).mul(momentum).add(g.mul(keep));
        b.intoArray(buf, i);
        g = nesterov ? g.add(b.mul(momentum)) : b;
      }
      wv.sub(g.mul(lr)).intoArray(w, i);
    }
    updateScalar(w, grad, buf, fresh, i, to);
  }

  void updateScalar(float[] w, float[] grad, float[] buf, boolean fresh, int from, int to) {
    final float lr = learningRate();
    final float keep = 1f - dampening;
    for (int i = from; i < to; i++) {
      float g = grad[i] + w[i] * weightDecay;
      if (buf != null) {
        float b = fresh ? g : buf[i] * momentum + g * keep;
        buf[i] = b;
        g = nesterov ? g + b * momentum : b;
      }
      w[i] = w[i] - g * lr;
    }
  }
}
