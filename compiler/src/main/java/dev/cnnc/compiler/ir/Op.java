package dev.cnnc.compiler.ir;

/** The kinds of IR nodes. Several spellings of the language map to one op (POOL, MAXPOOL). */
public enum Op {
  INPUT, CONV, MAXPOOL, AVGPOOL, SUBSAMPLE, GAP, DEPTHPOOL, FC, FLATTEN, BN, LRN, DROPOUT,
  RELU, LEAKYRELU, ELU, TANH, SCALEDTANH, SIGMOID, SOFTMAX, PAD, RBF, CONCAT, ADD;

  /** Elementwise activations: shape in = shape out, no parameters. */
  public boolean isActivation() {
    return switch (this) {
      case RELU, LEAKYRELU, ELU, TANH, SCALEDTANH, SIGMOID, SOFTMAX -> true;
      default -> false;
    };
  }

  /** Lower-case stem used in layer names: conv1, maxpool2, bn3. */
  public String stem() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
