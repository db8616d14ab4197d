package dev.cnnc.runtime.tensor;

import java.util.Arrays;

/**
 * A learned (or fixed) array of a layer with its gradient. Names are the spec's layer names plus a
 * suffix ({@code conv1.weight}, {@code bn1.running_mean}); optimisers and checkpoints address
 * parameters by name. Non-trainable parameters (BN running statistics, RBF prototypes) have no
 * gradient and optimisers skip them.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final boolean trainable;
  public final float[] value;
  public final float[] grad;

  public Parameter(String name, boolean trainable, int... shape) {
    this.name = name;
    this.shape = shape.clone();
    this.trainable = trainable;
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, d);
    }
    this.value = new float[size];
    this.grad = trainable ? new float[size] : null;
  }

  public String name() {
    return name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public boolean trainable() {
    return trainable;
  }

  public int size() {
    return value.length;
  }

  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad, 0f);
    }
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (trainable ? "" : " (fixed)");
  }
}
