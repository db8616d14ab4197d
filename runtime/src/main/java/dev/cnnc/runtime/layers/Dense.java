package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.MatrixA;
import dev.cnnc.runtime.gemm.MatrixB;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * Fully connected layer. The input is any NHWC tensor, read as N rows of h·w·c features in (h, w, c)
 * order (so FLATTEN is free); weight {@code <name>.weight [in, out]}, bias {@code <name>.bias [out]},
 * output N×1×1×out (any view with out floats per sample). Forward {@code Y = X·W + b} with the bias
 * and ReLU fused into the GEMM's store; backward {@code dW += Xᵀ·dZ}, {@code dX = dZ·Wᵀ} and
 * {@code db += colsum(dZ)}. Every element is reduced by one thread in a fixed order, so results do
 * not depend on the thread count. One call at a time per instance (it reuses packer state).
 */
public final class Dense implements Layer {
  private final String name;
  private final int in;
  private final int out;
  private final boolean relu;
  private final Parameter weight;
  private final Parameter bias;
  private final MatrixA aMat = new MatrixA();
  private final MatrixB bMat = new MatrixB();
  private float[] dzBuf = new float[0];

  /** A layer reading {@code inFeatures = h·w·c} floats per sample and writing {@code outFeatures}. */
  public Dense(String name, int inFeatures, int outFeatures, boolean bias,
      FusedActivation activation) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException("dense " + name + ": sizes must be >= 1");
    }
    this.name = name;
    this.in = inFeatures;
    this.out = outFeatures;
    this.relu = activation == FusedActivation.RELU;
    this.weight = new Parameter(name + ".weight", true, inFeatures, outFeatures);
    this.bias = bias ? new Parameter(name + ".bias", true, outFeatures) : null;
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  @Override
  public List<Parameter> parameters() {
    return bias == null ? List.of(weight) : List.of(weight, bias);
  }

  private void check(Tensor x, Tensor y) {
    if (x.sampleSize() != in || y.sampleSize() != out || x.n != y.n) {
      throw new IllegalArgumentException("dense " + name + ": expected " + in + " -> " + out
          + " features, got " + x + " -> " + y);
    }
  }

  @Override
  public void forward(Tensor x, Tensor y, boolean training) {
    check(x, y);
    // A: N×in, B: in×out, C: N×out
    aMat.set(x.data, x.offset, in, false, 1f);
    bMat.set(weight.value, 0, out, false);
    Gemm.run(x.n, out, in, aMat, bMat, null, 0f, y.data, y.offset, out, null,
        bias == null ? null : bias.value, 0, relu, true);
    release();
  }

  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    check(x, y);
    if (dy.size() != y.size() || (dx != null && dx.size() != x.size())) {
      throw new IllegalArgumentException("dense " + name + ": gradient shapes do not match");
    }
    float[] dz = dy.data;
    int dzOff = dy.offset;
    int size = y.size();
    if (relu) {
      if (dzBuf.length < size) {
        dzBuf = new float[size];
      }
      Conv2d.reluMask(y, dy, dzBuf, size);
      dz = dzBuf;
      dzOff = 0;
    }
    // A: in×N (Xᵀ), B: N×out (dZ), C: in×out weight gradient, accumulated
    aMat.set(x.data, x.offset, in, true, 1f);
    bMat.set(dz, dzOff, out, false);
    Gemm.run(in, out, x.n, aMat, bMat, null, 1f, weight.grad, 0, out, null, null, 0, false, true);
    if (bias != null) {
      ColumnSums.add(dz, dzOff, x.n, out, bias.grad);
    }
    if (dx != null) {
      // A: N×out (dZ), B: out×in (Wᵀ), C: N×in input gradient
      aMat.set(dz, dzOff, out, false, 1f);
      bMat.set(weight.value, 0, out, true);
      Gemm.run(x.n, in, out, aMat, bMat, null, 0f, dx.data, dx.offset, in, null, null, 0, false,
          true);
    }
    release();
  }

  private void release() {
    aMat.set(null, 0, 0, false, 1f);
    bMat.set(null, 0, 0, false);
  }
}
