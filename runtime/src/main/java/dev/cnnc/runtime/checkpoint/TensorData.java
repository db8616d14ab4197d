package dev.cnnc.runtime.checkpoint;

import java.util.Arrays;

/** A named array's shape and float32 values, as stored in a safetensors file. */
public record TensorData(int[] shape, float[] values) {
  public TensorData {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " values, found " + values.length);
    }
    shape = shape.clone();
  }

  /** A 1-D tensor. */
  public static TensorData of(float[] values) {
    return new TensorData(new int[] {values.length}, values);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TensorData" + shapeString(shape);
  }
}
