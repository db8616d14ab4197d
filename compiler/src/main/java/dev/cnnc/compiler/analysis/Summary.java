package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.List;

/**
 * The summary of a typed network: per-layer figures and totals. {@code rfSize}/{@code rfJump} are
 * taken at the last spatial layer before the first FLATTEN, FC, RBF or GAP (or at the output when
 * the network stays spatial). Memory: weights as float32; activations as every layer's float32
 * output for one image; the training estimate doubles activations (their gradients) per image of
 * the batch and holds four copies of the weights (value, gradient, two optimiser moments).
 */
public record Summary(TypedNetwork typed, List<LayerStats> layers, long trainable, long nonTrainable,
    long macs, int rfSize, int rfJump, long weightBytes, long activationBytes) {

  public String name() {
    return typed.network().name();
  }

  public List<Output> outputs() {
    return typed.network().outputs();
  }

  /** Bytes to train with the given batch size (see class comment). */
  public long trainingBytes(int batch) {
    return 2 * activationBytes * batch + 4 * 4 * (trainable) + 4 * nonTrainable;
  }
}
