package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam with PyTorch's {@code torch.optim.Adam} semantics (weight decay is L2 added to the gradient);
 * {@link AdamW} is the decoupled variant.
 *
 * <pre>
 *   m = β1 m + (1 − β1) g;   v = β2 v + (1 − β2) g²
 *   w = w − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + eps)
 * </pre>
 *
 * Slots: {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}.
 */
public class Adam extends StatefulOptimizer {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final String[] SLOTS = {"exp_avg", "exp_avg_sq"};

  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final boolean decoupled;
  /** Per-step scalars: lr / (1 − β1^t) and 1 / √(1 − β2^t). */
  private float stepSize;
  private float invSqrtBc2;
  private float decay;

  public Adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
    this(lr, beta1, beta2, eps, weightDecay, false);
  }

  /** PyTorch defaults: β = (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adam(float lr) {
    this(lr, 0.9f, 0.999f, 1e-8f, 0f, false);
  }

  Adam(float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
    super(lr);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  final String[] slotNames() {
    return SLOTS;
  }

  @Override
  final void beginStep(long t) {
    double lr = learningRate();
    stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
    invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
    decay = decoupled ? (float) (1 - lr * weightDecay) : 1f;
  }

  @Override
  final void update(Parameter p, float[][] s, boolean fresh, int from, int to) {
    if (vectorised) {
      updateVector(p.value, p.grad, s[0], s[1], from, to);
    } else {
      updateScalar(p.value, p.grad, s[0], s[1], from, to);
    }
  }

  final void updateVector(float[] w, float[] grad, float[] m, float[] v, int from, int to) {
    final float l2 = decoupled ? 0f : weightDecay;
    int i = from;
    for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
      FloatVector wv = FloatVector.fromArray(F, w, i).mul(decay);
      FloatVector g = FloatVector.fromArray(F, grad, i).add(wv.mul(l2));
      FloatVector mv = FloatVector.fromArray(F, m, i).mul(beta1).add(g.mul(1f - beta1));
      FloatVector vv = FloatVector.fromArray(F, v, i).mul(beta2).add(g.mul(g).mul(1f - beta2));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector denom = vv.lanewise(VectorOperators.SQRT).mul(invSqrtBc2).add(eps);
      wv.sub(mv.mul(stepSize).div(denom)).intoArray(w, i);
    }
    updateScalar(w, grad, m, v, i, to);
  }

  final void updateScalar(float[] w, float[] grad, float[] m, float[] v, int from, int to) {
    final float l2 = decoupled ? 0f : weightDecay;
    for (int i = from; i < to; i++) {
      float wv = w[i] * decay;
      float g = grad[i] + wv * l2;
      float mv = m[i] * beta1 + g * (1f - beta1);
      float vv = v[i] * beta2 + g * g * (1f - beta2);
      m[i] = mv;
      v[i] = vv;
      float denom = (float) Math.sqrt(vv) * invSqrtBc2 + eps;
      w[i] = wv - mv * stepSize / denom;
    }
  }
}
