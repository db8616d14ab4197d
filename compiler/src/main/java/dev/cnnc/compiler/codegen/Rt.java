package dev.cnnc.compiler.codegen;

import com.palantir.javapoet.ClassName;

/** Runtime classes the generated code refers to (the compiler does not link against the runtime). */
final class Rt {
  private static final String LAYERS = "dev.cnnc.runtime.layers";

  static final ClassName TENSOR = ClassName.get("dev.cnnc.runtime.tensor", "Tensor");
  static final ClassName PARAMETER = ClassName.get("dev.cnnc.runtime.tensor", "Parameter");
  static final ClassName MODEL = ClassName.get("dev.cnnc.runtime.model", "Model");
  static final ClassName OUTPUT_SPEC = ClassName.get("dev.cnnc.runtime.model", "OutputSpec");
  static final ClassName OUTPUT_KIND = OUTPUT_SPEC.nestedClass("Kind");
  static final ClassName INIT = ClassName.get("dev.cnnc.runtime.init", "Init");
  static final ClassName SCHEME = INIT.nestedClass("Scheme");
  static final ClassName CONV = ClassName.get(LAYERS, "Conv2d");
  static final ClassName CONV_CONFIG = ClassName.get(LAYERS, "ConvConfig");
  static final ClassName FUSED = ClassName.get(LAYERS, "FusedActivation");
  static final ClassName DENSE = ClassName.get(LAYERS, "Dense");
  static final ClassName MAXPOOL = ClassName.get(LAYERS, "MaxPool2d");
  static final ClassName AVGPOOL = ClassName.get(LAYERS, "AvgPool2d");
  static final ClassName SUBSAMPLE = ClassName.get(LAYERS, "Subsample");
  static final ClassName GAP = ClassName.get(LAYERS, "GlobalAvgPool");
  static final ClassName DEPTHPOOL = ClassName.get(LAYERS, "DepthPool");
  static final ClassName BN = ClassName.get(LAYERS, "BatchNorm");
  static final ClassName LRN = ClassName.get(LAYERS, "Lrn");
  static final ClassName DROPOUT = ClassName.get(LAYERS, "Dropout");
  static final ClassName ACTIVATION = ClassName.get(LAYERS, "Activation");
  static final ClassName ACTIVATION_KIND = ACTIVATION.nestedClass("Kind");
  static final ClassName SOFTMAX = ClassName.get(LAYERS, "Softmax");
  static final ClassName PAD = ClassName.get(LAYERS, "Pad");
  static final ClassName RBF = ClassName.get(LAYERS, "Rbf");
  static final ClassName CONCAT = ClassName.get(LAYERS, "Concat");
  static final ClassName ADD = ClassName.get(LAYERS, "Add");

  private Rt() {}
}
