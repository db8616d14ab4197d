package dev.cnnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.shapes.Shape;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.List;

/** For each kind of node: the runtime class that implements it and the expression that builds it. */
final class LayerCode {
  private LayerCode() {}

  /** The runtime class, or null for nodes without a layer object (INPUT, FLATTEN). */
  static ClassName type(Node n) {
    return switch (n.op()) {
      case INPUT, FLATTEN -> null;
      case CONV -> Rt.CONV;
      case FC -> Rt.DENSE;
      case MAXPOOL -> Rt.MAXPOOL;
      case AVGPOOL -> Rt.AVGPOOL;
      case SUBSAMPLE -> Rt.SUBSAMPLE;
      case GAP -> Rt.GAP;
      case DEPTHPOOL -> Rt.DEPTHPOOL;
      case BN -> Rt.BN;
      case LRN -> Rt.LRN;
      case DROPOUT -> Rt.DROPOUT;
      case RELU, LEAKYRELU, ELU, TANH, SCALEDTANH, SIGMOID -> Rt.ACTIVATION;
      case SOFTMAX -> Rt.SOFTMAX;
      case PAD -> Rt.PAD;
      case RBF -> Rt.RBF;
      case CONCAT -> Rt.CONCAT;
      case ADD -> Rt.ADD;
    };
  }

  static boolean multiInput(Node n) {
    return n.op() == Op.CONCAT || n.op() == Op.ADD;
  }

  /** {@code new Conv2d(...)} etc. {@code seed} is the name of the constructor's seed variable. */
  static CodeBlock construct(Node n, TypedNetwork t, String seed) {
    Attrs a = n.attrs();
    Shape out = t.shape(n);
    Shape in = n.inputs().isEmpty() ? null : t.shape(n.input());
    String name = n.name();
    switch (n.op()) {
      case CONV -> {
        int[] k = a.pair("kernel");
        int[] s = a.pair("stride");
        int[] d = a.pair("dilation");
        Padding p = t.info(n).padding();
        CodeBlock.Builder b = CodeBlock.builder()
            .add("new $T($T.builder($S, $L, $L, $L, $L)", Rt.CONV, Rt.CONV_CONFIG, name, in.h(), in.w(), in.c(), out.c())
            .add("\n    .kernel($L, $L).stride($L, $L)", k[0], k[1], s[0], s[1]);
        if (d[0] != 1 || d[1] != 1) {
          b.add(".dilation($L, $L)", d[0], d[1]);
        }
        if (!p.isZero()) {
          b.add(".padding($L, $L, $L, $L)", p.top(), p.bottom(), p.left(), p.right());
        }
        b.add(".output($L, $L)", out.h(), out.w());
        if (a.integer("groups") != 1) {
          b.add(".groups($L)", a.integer("groups"));
        }
        if (!a.bool("bias")) {
          b.add(".bias(false)");
        }
        if (a.table("connections") != null) {
          b.add(".connections($L)", table(a.table("connections")));
        }
        if ("relu".equals(a.symbol("act"))) {
          b.add(".activation($T.RELU)", Rt.FUSED);
        }
        return b.add(".build())").build();
      }
      case FC -> {
        return CodeBlock.of("new $T($S, $L, $L, $L, $T.$L)", Rt.DENSE, name, in.size(), out.c(), a.bool("bias"),
            Rt.FUSED, "relu".equals(a.symbol("act")) ? "RELU" : "NONE");
      }
      case MAXPOOL, AVGPOOL -> {
        return window(type(n), null, n, t);
      }
      case SUBSAMPLE -> {
        return window(Rt.SUBSAMPLE, name, n, t);
      }
      case GAP -> {
        return CodeBlock.of("new $T($L, $L, $L)", Rt.GAP, in.h(), in.w(), in.c());
      }
      case DEPTHPOOL -> {
        return CodeBlock.of("new $T($L, $L, $L, $L)", Rt.DEPTHPOOL, in.h(), in.w(), in.c(), a.integer("k"));
      }
      case BN -> {
        return CodeBlock.of("new $T($S, $L, $L, $L, $Lf, $Lf)", Rt.BN, name, in.h(), in.w(), in.c(),
            (float) a.real("eps"), (float) a.real("momentum"));
      }
      case LRN -> {
        return CodeBlock.of("new $T($L, $L, $L, $L, $Lf, $Lf, $Lf)", Rt.LRN, in.h(), in.w(), in.c(),
            a.integer("radius"), (float) a.real("alpha"), (float) a.real("beta"), (float) a.real("k"));
      }
      case DROPOUT -> {
        return CodeBlock.of("new $T($L, $L, $L, $Lf, $T.seedFor($L, $S))", Rt.DROPOUT, in.h(), in.w(), in.c(),
            (float) a.real("p"), Rt.INIT, seed, name);
      }
      case RELU, TANH, SCALEDTANH, SIGMOID -> {
        return CodeBlock.of("new $T($L, $L, $L, $T.$L)", Rt.ACTIVATION, in.h(), in.w(), in.c(), Rt.ACTIVATION_KIND, n.op().name());
      }
      case LEAKYRELU, ELU -> {
        return CodeBlock.of("new $T($L, $L, $L, $T.$L, $Lf)", Rt.ACTIVATION, in.h(), in.w(), in.c(), Rt.ACTIVATION_KIND,
            n.op().name(), (float) a.real("alpha"));
      }
      case SOFTMAX -> {
        return CodeBlock.of("new $T($L, $L, $L)", Rt.SOFTMAX, in.h(), in.w(), in.c());
      }
      case PAD -> {
        Padding p = t.info(n).padding();
        return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L)", Rt.PAD, in.h(), in.w(), in.c(), p.top(), p.bottom(), p.left(), p.right());
      }
      case RBF -> {
        return CodeBlock.of("new $T($S, $L, $L, $L, $L, $T.seedFor($L, $S))", Rt.RBF, name, in.h(), in.w(), in.c(), out.c(),
            Rt.INIT, seed, name);
      }
      case CONCAT -> {
        CodeBlock.Builder b = CodeBlock.builder().add("new $T($L, $L", Rt.CONCAT, out.h(), out.w());
        for (Node i : n.inputs()) {
          b.add(", $L", t.shape(i).c());
        }
        return b.add(")").build();
      }
      case ADD -> {
        return CodeBlock.of("new $T($L, $L, $L, $L)", Rt.ADD, out.h(), out.w(), out.c(), n.inputs().size());
      }
      default -> throw new IllegalArgumentException("no layer object for " + n.op());
    }
  }

  private static CodeBlock window(ClassName type, String name, Node n, TypedNetwork t) {
    Shape in = t.shape(n.input());
    Shape out = t.shape(n);
    int[] k = n.attrs().pair("window");
    int[] s = n.attrs().pair("stride");
    Padding p = t.info(n).padding();
    return CodeBlock.of("new $T(" + (name == null ? "" : "$S, ") + "$L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L, $L)",
        args(type, name, in.h(), in.w(), in.c(), k[0], k[1], s[0], s[1], p.top(), p.bottom(), p.left(), p.right(), out.h(), out.w()));
  }

  private static Object[] args(ClassName type, String name, Object... rest) {
    List<Object> all = new java.util.ArrayList<>();
    all.add(type);
    if (name != null) {
      all.add(name);
    }
    all.addAll(List.of(rest));
    return all.toArray();
  }

  private static CodeBlock table(List<List<Integer>> rows) {
    CodeBlock.Builder b = CodeBlock.builder().add("new int[][] {");
    for (int r = 0; r < rows.size(); r++) {
      b.add(r == 0 ? "" : ", ").add("{");
      List<Integer> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        b.add(c == 0 ? "$L" : ", $L", row.get(c));
      }
      b.add("}");
    }
    return b.add("}").build();
  }

  /** The initialisation scheme for a CONV/FC: He before ReLU, LeCun before tanh-like, else Glorot. */
  static String scheme(Node n, List<Node> consumers) {
    String act = n.attrs().has("act") ? n.attrs().symbol("act") : "none";
    Op next = consumers.size() == 1 ? consumers.get(0).op() : null;
    if ("relu".equals(act) || next == Op.RELU || next == Op.LEAKYRELU || next == Op.ELU) {
      return "HE_NORMAL";
    }
    if (next == Op.TANH || next == Op.SCALEDTANH || next == Op.SIGMOID) {
      return "LECUN_UNIFORM";
    }
    if (next == Op.BN) {
      return "HE_NORMAL";
    }
    return "GLOROT_UNIFORM";
  }
}
