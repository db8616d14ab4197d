package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Nesterov-accelerated Adam with <b>PyTorch</b> {@code torch.optim.NAdam} semantics (momentum
 * decay ψ = 0.004, L2 weight decay added to the gradient):
 *
 * <pre>
 *   μ_t = β1 (1 − ½ · 0.96^(t ψ)),   Π_t = μ_1 ⋯ μ_t
 *   m = β1 m + (1 − β1) g;   v = β2 v + (1 − β2) g²;   d = √(v / (1 − β2^t)) + eps
 *   w = w − lr (1 − μ_t)/(1 − Π_t) · g/d − lr μ_{t+1}/(1 − Π_t μ_{t+1}) · m/d
 * </pre>
 *
 * Π_t is a function of t alone, so it is recomputed rather than stored; checkpoint state is the
 * step count and the slots {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}.
 */
public final class Nadam extends StatefulOptimizer {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final String[] SLOTS = {"exp_avg", "exp_avg_sq"};

  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final float momentumDecay;
  /** Per-step scalars: coefficient of g/d, coefficient of m/d, 1/(1 − β2^t). */
  private float cg;
  private float cm;
  private float invBc2;

  public Nadam(float lr, float beta1, float beta2, float eps, float weightDecay,
      float momentumDecay) {
    super(lr);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentumDecay = momentumDecay;
  }

  /** PyTorch defaults: lr 2e-3 suggested, β = (0.9, 0.999), eps 1e-8, ψ = 0.004. */
  public Nadam(float lr) {
    this(lr, 0.9f, 0.999f, 1e-8f, 0f, 0.004f);
  }

  private double mu(long t) {
    return beta1 * (1 - 0.5 * Math.pow(0.96, t * (double) momentumDecay));
  }

  @Override
  String[] slotNames() {
    return SLOTS;
  }

  /** Π over 1..productT, extended incrementally; recomputed after a restore or jump. */
  private double product = 1;
  private long productT;

  @Override
  void beginStep(long t) {
    if (t != productT + 1) {
      product = 1;
      productT = 0;
    }
    for (; productT < t; productT++) {
      product *= mu(productT + 1);
    }
    double muT = mu(t);
    double muNext = mu(t + 1);
    double lr = learningRate();
    cg = (float) (lr * (1 - muT) / (1 - product));
    cm = (float) (lr * muNext / (1 - product * muNext));
    invBc2 = (float) (1 / (1 - Math.pow(beta2, t)));
  }

  @Override
  void update(Parameter p, float[][] s, boolean fresh, int from, int to) {
    if (vectorised) {
      updateVector(p.value, p.grad, s[0], s[1], from, to);
    } else {
      updateScalar(p.value, p.grad, s[0], s[1], from, to);
    }
  }

  void updateVector(float[] w, float[] grad, float[] m, float[] v, int from, int to) {
    int i = from;
    for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
      FloatVector wv = FloatVector.fromArray(F, w, i);
      FloatVector g = FloatVector.fromArray(F, grad, i).add(wv.mul(weightDecay));
      FloatVector mv = FloatVector.fromArray(F, m, i).mul(beta1).add(g.mul(1f - beta1));
      FloatVector vv = FloatVector.fromArray(F, v, i).mul(beta2).add(g.mul(g).mul(1f - beta2));
      mv.intoArray(m, i);
      vv.intoArray(v, i);
      FloatVector d = vv.mul(invBc2).lanewise(VectorOperators.SQRT).add(eps);
      wv.sub(g.mul(cg).add(mv.mul(cm)).div(d)).intoArray(w, i);
    }
    updateScalar(w, grad, m, v, i, to);
  }

  void updateScalar(float[] w, float[] grad, float[] m, float[] v, int from, int to) {
    for (int i = from; i < to; i++) {
      float wv = w[i];
      float g = grad[i] + wv * weightDecay;
      float mv = m[i] * beta1 + g * (1f - beta1);
      float vv = v[i] * beta2 + g * g * (1f - beta2);
      m[i] = mv;
      v[i] = vv;
      float d = (float) Math.sqrt(vv * invBc2) + eps;
      w[i] = wv - (g * cg + mv * cm) / d;
    }
  }
}
