package dev.cnnc.runtime.model;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;

/**
 * A network as generated code implements it: fixed shapes, a maximum batch size chosen at
 * construction, buffers allocated once. The training loop, evaluation, prediction and checkpoints
 * see networks only through this interface.
 *
 * <p>Gradients: {@link #backward} takes one gradient per output. For an output whose
 * {@link OutputSpec#softmax()} is true the gradient is with respect to the <em>input</em> of that
 * final SOFTMAX (the fused softmax + cross-entropy gradient p − y), so the softmax itself is not
 * differentiated. Parameter gradients accumulate; call {@link #zeroGrad()} before each step.
 */
public interface Model {
  /** The network's name as the spec gives it. */
  String name();

  /** Input shape per sample: {h, w, c}. */
  int[] inputShape();

  int maxBatch();

  List<OutputSpec> outputs();

  /** Every parameter, trainable or not, in a stable order (checkpoint names). */
  List<Parameter> parameters();

  /**
   * Runs the network on {@code input} (batch ≤ {@link #maxBatch()}); returns one tensor per
   * output, views into the model's own buffers, valid until the next call.
   */
  Tensor[] forward(Tensor input, boolean training);

  /** Back-propagates after a training forward on the same batch (see the class comment). */
  void backward(Tensor[] outputGradients);

  default void zeroGrad() {
    for (Parameter p : parameters()) {
      p.zeroGrad();
    }
  }

  /** Fills weights with the generated initialisation (He/Glorot, seeded per parameter name). */
  void initialize(long seed);

  /**
   * As {@link #initialize(long)}, but every CONV and FC weight drawn with {@code scheme} (null: the
   * generated per-layer choice) — e.g. Keras's default Glorot-uniform, to reproduce a Keras recipe.
   */
  default void initialize(long seed, Init.Scheme scheme) {
    if (scheme != null) {
      throw new UnsupportedOperationException(name() + " does not support choosing the initialisation scheme");
    }
    initialize(seed);
  }

  /** Random-number state of stochastic layers (dropout), for exact resumption. */
  long[] rngState();

  void restoreRngState(long[] state);
}
