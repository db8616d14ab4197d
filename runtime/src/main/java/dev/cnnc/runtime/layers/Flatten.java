package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * FLATTEN is a reshape: in NHWC the sample's floats are already in (y, x, c) order, so the 1-D
 * view [N, 1, 1, H·W·C] shares the buffer and needs no kernel, forward or backward. (Weights of a
 * following dense layer imported from a CHW framework must be permuted accordingly.)
 */
public final class Flatten {
  private Flatten() {}

  /** The 1-D view of t: same floats, shape [N, 1, 1, H·W·C]. */
  public static Tensor view(Tensor t) {
    return t.reshape(1, 1, t.sampleSize());
  }
}
