package dev.cnnc.runtime.optim;

import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning rate, step count and named slot arrays shared by the optimisers. Each optimiser names
 * its per-parameter slots; they are created zero-filled on a parameter's first step (flagged
 * {@code fresh} for that step, for PyTorch's "momentum buffer starts as the gradient" rule).
 */
abstract class StatefulOptimizer implements Optimizer {
  /** Parameters smaller than this are updated on the calling thread. */
  private static final int PARALLEL_MIN = 1 << 16;

  private static final class Slots {
    final float[][] arrays;
    boolean fresh;

    Slots(float[][] arrays, boolean fresh) {
      this.arrays = arrays;
      this.fresh = fresh;
    }
  }

  private final Map<String, float[]> named = new LinkedHashMap<>();
  private final Map<Parameter, Slots> byParam = new IdentityHashMap<>();
  private float lr;
  private long steps;
  boolean vectorised = !Boolean.getBoolean("cnnc.scalar");

  StatefulOptimizer(float lr) {
    this.lr = lr;
  }

  /** Names of the per-parameter state arrays, in the order update() receives them. */
  abstract String[] slotNames();

  /** Called once per step before any parameter is updated (step-wide scalars). */
  void beginStep(long t) {}

  /** Updates elements [from, to) of p; s holds the slots; fresh on the slots' first step. */
  abstract void update(Parameter p, float[][] s, boolean fresh, int from, int to);

  @Override
  public void step(List<Parameter> params) {
    long t = ++steps;
    beginStep(t);
    for (Parameter p : params) {
      if (!p.trainable()) {
        continue;
      }
      Slots s = slotsOf(p);
      final boolean fresh = s.fresh;
      if (p.size() < PARALLEL_MIN) {
        update(p, s.arrays, fresh, 0, p.size());
      } else {
        // Elementwise updates: the chunking cannot change the result.
        Parallel.forRange(p.size(), (chunk, from, to) -> update(p, s.arrays, fresh, from, to));
      }
      s.fresh = false;
    }
  }

  private Slots slotsOf(Parameter p) {
    Slots s = byParam.get(p);
    if (s == null) {
      String[] names = slotNames();
      float[][] arrays = new float[names.length][];
      boolean fresh = names.length > 0 && !named.containsKey(p.name() + "." + names[0]);
      for (int i = 0; i < names.length; i++) {
        String key = p.name() + "." + names[i];
        float[] a = named.computeIfAbsent(key, k -> new float[p.size()]);
        if (a.length != p.size()) {
          throw new IllegalStateException("optimiser state " + key + " has " + a.length
              + " values, parameter has " + p.size());
        }
        arrays[i] = a;
      }
      s = new Slots(arrays, fresh);
      byParam.put(p, s);
    }
    return s;
  }

  @Override
  public float learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(float lr) {
    this.lr = lr;
  }

  @Override
  public long stepCount() {
    return steps;
  }

  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    named.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public void restore(Map<String, float[]> state, long stepCount) {
    named.clear();
    byParam.clear();
    state.forEach((k, v) -> named.put(k, v.clone()));
    steps = stepCount;
  }
}
