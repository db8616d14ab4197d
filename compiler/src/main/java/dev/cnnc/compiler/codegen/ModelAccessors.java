package dev.cnnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** The plain methods of a generated model: name, shapes, outputs, parameters, initialisation, RNG state. */
final class ModelAccessors {
  private ModelAccessors() {}

  static void add(TypeSpec.Builder type, TypedNetwork t, List<Node> nodes, Map<Node, List<Node>> consumers) {
    type.addMethod(override("name", String.class).addStatement("return NAME").build());
    type.addMethod(override("inputShape", int[].class).addStatement("return new int[] {INPUT_H, INPUT_W, INPUT_C}").build());
    type.addMethod(override("maxBatch", int.class).addStatement("return maxBatch").build());
    type.addMethod(override("parameters", ParameterizedTypeName.get(ClassName.get(List.class), Rt.PARAMETER))
        .addStatement("return parameters").build());
    CodeBlock.Builder outs = CodeBlock.builder().add("return $T.of(", List.class);
    List<Output> os = t.network().outputs();
    for (int i = 0; i < os.size(); i++) {
      Output o = os.get(i);
      String kind = BackwardPlan.fusedSoftmax(o.node(), consumers) ? "SOFTMAX" : o.node().op() == Op.RBF ? "RBF" : "SCORES";
      outs.add(i == 0 ? "\n    " : ",\n    ")
          .add("new $T($S, $L, $L, $T.$L)", Rt.OUTPUT_SPEC, o.name(), t.shape(o.node()).size(), o.weight(), Rt.OUTPUT_KIND, kind);
    }
    type.addMethod(override("outputs", ParameterizedTypeName.get(ClassName.get(List.class), Rt.OUTPUT_SPEC))
        .addStatement(outs.add(")").build()).build());
    type.addMethod(MethodSpec.methodBuilder("initialize").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(long.class, "seed").addStatement("initialize(seed, null)").build());
    type.addMethod(initialize(t, nodes, consumers));
    rng(type, nodes);
    taps(type, t);
  }

  /** One accessor per {@code as name} tap of the spec: the tensor it names, after a forward. */
  private static void taps(TypeSpec.Builder type, TypedNetwork t) {
    java.util.Set<String> taken = new java.util.HashSet<>(List.of("name", "inputShape", "maxBatch", "parameters",
        "outputs", "initialize", "rngState", "restoreRngState", "forward", "backward", "zeroGrad", "setBatchNormFolding"));
    t.network().taps().forEach((tap, node) -> {
      String method = JavaNames.field(tap);
      if (!taken.add(method)) {
        method = method + "Tap";
      }
      String view = node.op() == Op.INPUT ? "input" : JavaNames.field(node.name()) + "Out";
      type.addMethod(MethodSpec.methodBuilder(method).addModifiers(Modifier.PUBLIC).returns(Rt.TENSOR)
          .addJavadoc("The tensor tapped as {@code $L} in the spec ($L, $L), valid after a forward.\n", tap, node.name(),
              t.shape(node).show())
          .addStatement("return $L", view).build());
    });
  }

  private static MethodSpec.Builder override(String name, java.lang.reflect.Type returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
  }

  private static MethodSpec.Builder override(String name, com.palantir.javapoet.TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
  }

  /**
   * He before ReLU, LeCun before tanh-like, Glorot otherwise (or one scheme for all weights); biases
   * 0; BN γ = 1, β = 0, statistics 0/1.
   */
  private static MethodSpec initialize(TypedNetwork t, List<Node> nodes, Map<Node, List<Node>> consumers) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initialize").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(long.class, "seed").addParameter(Rt.SCHEME, "scheme");
    for (Node n : nodes) {
      String f = JavaNames.field(n.name());
      switch (n.op()) {
        case CONV -> {
          int[] k = n.attrs().pair("kernel");
          int groups = n.attrs().integer("groups");
          int inC = t.shape(n.input()).c();
          int outC = t.shape(n).c();
          List<List<Integer>> table = n.attrs().table("connections");
          int fanIn = k[0] * k[1] * (table != null ? table.stream().mapToInt(List::size).max().orElse(1) : inC / groups);
          int fanOut = k[0] * k[1] * outC / groups;
          weights(m, f, n, consumers, fanIn, fanOut);
        }
        case FC -> weights(m, f, n, consumers, (int) t.shape(n.input()).size(), t.shape(n).c());
        case BN -> m.addStatement("$T.constant($L.parameters().get(0), 1f)", Rt.INIT, f)
            .addStatement("$T.constant($L.parameters().get(1), 0f)", Rt.INIT, f)
            .addStatement("$T.constant($L.parameters().get(2), 0f)", Rt.INIT, f)
            .addStatement("$T.constant($L.parameters().get(3), 1f)", Rt.INIT, f);
        case SUBSAMPLE -> m.addStatement("$T.constant($L.parameters().get(0), 1f)", Rt.INIT, f)
            .addStatement("$T.constant($L.parameters().get(1), 0f)", Rt.INIT, f);
        default -> { }
      }
    }
    return m.build();
  }

  private static void weights(MethodSpec.Builder m, String f, Node n, Map<Node, List<Node>> consumers, int fanIn, int fanOut) {
    String scheme = LayerCode.scheme(n, consumers.getOrDefault(n, List.of()));
    m.addStatement("$T.fill($L.weight(), scheme != null ? scheme : $T.$L, $L, $L, $T.seedFor(seed, $S))", Rt.INIT, f,
        Rt.SCHEME, scheme, fanIn, fanOut, Rt.INIT, n.name() + ".weight");
    if (n.attrs().bool("bias")) {
      m.addStatement("$T.constant($L.bias(), 0f)", Rt.INIT, f);
    }
  }

  private static void rng(TypeSpec.Builder type, List<Node> nodes) {
    List<String> dropouts = nodes.stream().filter(n -> n.op() == Op.DROPOUT).map(n -> JavaNames.field(n.name())).toList();
    MethodSpec.Builder get = override("rngState", long[].class)
        .addStatement("long[] state = new long[$L]", 2 * dropouts.size());
    MethodSpec.Builder set = MethodSpec.methodBuilder("restoreRngState").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(long[].class, "state")
        .beginControlFlow("if (state.length != $L)", 2 * dropouts.size())
        .addStatement("throw new $T($S + state.length)", IllegalArgumentException.class,
            "expected " + 2 * dropouts.size() + " RNG state values, got ")
        .endControlFlow();
    for (int i = 0; i < dropouts.size(); i++) {
      get.addStatement("$T.arraycopy($L.rngState(), 0, state, $L, 2)", System.class, dropouts.get(i), 2 * i);
      set.addStatement("$L.restoreRngState(new long[] {state[$L], state[$L]})", dropouts.get(i), 2 * i, 2 * i + 1);
    }
    type.addMethod(get.addStatement("return state").build());
    type.addMethod(set.build());
  }
}
