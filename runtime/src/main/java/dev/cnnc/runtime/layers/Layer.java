package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * A single-input, single-output layer. Shapes are fixed at construction (the compiler knows them);
 * only the batch size varies between calls.
 *
 * <p>Contract: {@code forward} overwrites {@code out}. {@code backward} receives the forward's
 * {@code in} and {@code out} (unchanged since the forward), the gradient {@code dOut}, writes
 * (overwrites) {@code dIn} unless it is null (the network's first layer needs no input gradient),
 * and <em>accumulates</em> into the gradients of its parameters (callers zero them per step).
 */
public interface Layer {
  void forward(Tensor in, Tensor out, boolean training);

  void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn);

  /** Parameters in a stable order; empty for parameter-free layers. */
  default List<Parameter> parameters() {
    return List.of();
  }
}
