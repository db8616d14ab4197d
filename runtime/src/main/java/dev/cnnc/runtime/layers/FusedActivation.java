package dev.cnnc.runtime.layers;

/** Activation a GEMM-based layer applies in its output pass, so codegen can fuse conv/FC + ReLU. */
public enum FusedActivation {
  NONE,
  RELU
}
