package dev.cnnc.runtime.model;

/**
 * One network output: its name, its size per sample, its loss weight (GoogLeNet's auxiliary heads
 * have 0.3), and what kind of values it produces: probabilities from a final SOFTMAX (use the fused
 * cross-entropy gradient), RBF distances (LeNet-5; lower is better), or raw scores.
 */
public record OutputSpec(String name, int size, double weight, Kind kind) {
  public enum Kind { SOFTMAX, RBF, SCORES }

  public boolean softmax() {
    return kind == Kind.SOFTMAX;
  }
}
