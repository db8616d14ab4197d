package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.tensor.Parameter;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * RMSprop with PyTorch's {@code torch.optim.RMSprop} semantics (eps outside the square root, as
 * Keras also does; PyTorch default ρ = 0.99, eps 1e-8, Keras ρ = 0.9, eps 1e-7):
 *
 * <pre>
 *   g = grad + weightDecay · w
 *   v = ρ v + (1 − ρ) g²
 *   centred: a = ρ a + (1 − ρ) g;  d = √(v − a²) + eps      otherwise d = √v + eps
 *   momentum &gt; 0: buf = momentum · buf + g / d;  w = w − lr · buf      otherwise w = w − lr · g / d
 * </pre>
 *
 * Slots: {@code <param>.square_avg}, plus {@code momentum_buffer} and {@code grad_avg} when used.
 */
public final class RmsProp extends StatefulOptimizer {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private final float rho;
  private final float eps;
  private final float weightDecay;
  private final float momentum;
  private final boolean centered;
  private final String[] slots;

  public RmsProp(float lr, float rho, float eps, float weightDecay, float momentum,
      boolean centered) {
    super(lr);
    this.rho = rho;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
    // Fixed slot order: square_avg, momentum_buffer, grad_avg (absent ones left out).
    if (momentum != 0 && centered) {
      slots = new String[] {"square_avg", "momentum_buffer", "grad_avg"};
    } else if (momentum != 0) {
      slots = new String[] {"square_avg", "momentum_buffer"};
    } else if (centered) {
      slots = new String[] {"square_avg", "grad_avg"};
    } else {
      slots = new String[] {"square_avg"};
    }
  }

  /** PyTorch defaults: ρ 0.99, eps 1e-8, no decay, no momentum, not centred. */
  public RmsProp(float lr) {
    this(lr, 0.99f, 1e-8f, 0f, 0f, false);
  }

  @Override
  String[] slotNames() {
    return slots;
  }

  @Override
  void update(Parameter p, float[][] s, boolean fresh, int from, int to) {
    float[] sq = s[0];
    float[] buf = momentum != 0 ? s[1] : null;
    float[] avg = centered ? s[s.length - 1] : null;
    if (vectorised) {
      updateVector(p.value, p.grad, sq, buf, avg, from, to);
    } else {
      updateScalar(p.value, p.grad, sq, buf, avg, from, to);
    }
  }

  void updateVector(float[] w, float[] grad, float[] sq, float[] buf, float[] avg, int from,
      int to) {
    final float lr = learningRate();
    int i = from;
    for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
      FloatVector wv = FloatVector.fromArray(F, w, i);
      FloatVector g = FloatVector.fromArray(F, grad, i).add(wv.mul(weightDecay));
      FloatVector v = FloatVector.fromArray(F, sq, i).mul(rho).add(g.mul(g).mul(1f - rho));
      v.intoArray(sq, i);
      FloatVector spread = v;
      if (avg != null) {
        FloatVector a = FloatVector.fromArray(F, avg, i).mul(rho).add(g.mul(1f - rho));
        a.intoArray(avg, i);
        spread = v.sub(a.mul(a));
      }
      FloatVector step = g.div(spread.lanewise(VectorOperators.SQRT).add(eps));
      if (buf != null) {
        step = FloatVector.fromArray(F, buf, i).mul(momentum).add(step);
        step.intoArray(buf, i);
      }
      wv.sub(step.mul(lr)).intoArray(w, i);
    }
    updateScalar(w, grad, sq, buf, avg, i, to);
  }

  void updateScalar(float[] w, float[] grad, float[] sq, float[] buf, float[] avg, int from,
      int to) {
    final float lr = learningRate();
    for (int i = from; i < to; i++) {
      float wv = w[i];
      float g = grad[i] + wv * weightDecay;
      float v = sq[i] * rho + g * g * (1f - rho);
      sq[i] = v;
      float spread = v;
      if (avg != null) {
        float a = avg[i] * rho + g * (1f - rho);
        avg[i] = a;
        spread = v - a * a;
      }
      float step = g / ((float) Math.sqrt(spread) + eps);
      if (buf != null) {
        step = buf[i] * momentum + step;
        buf[i] = step;
      }
      w[i] = wv - step * lr;
    }
  }
}
