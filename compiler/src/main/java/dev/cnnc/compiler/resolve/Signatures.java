package dev.cnnc.compiler.resolve;

import static dev.cnnc.compiler.resolve.LayerSignature.NETWORK_ROUND;
import static dev.cnnc.compiler.resolve.LayerSignature.REQUIRED;

import dev.cnnc.compiler.ir.Op;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The table of layers of the language (docs/language.md, "Layers"). */
final class Signatures {
  private static final Map<String, LayerSignature> ALL = new LinkedHashMap<>();

  static {
    add(LayerSignature.of("INPUT", Op.INPUT)
        .param("shape", ArgType.SHAPE3, REQUIRED, "the input shape, height x width x channels")
        .example("INPUT(28x28x1)"));
    add(LayerSignature.of("CONV", Op.CONV)
        .param("filters", ArgType.COUNT, REQUIRED, "the number of filters (output channels)")
        .param("kernel", ArgType.SIZE2, new int[] {3, 3}, "kernel size")
        .param("stride", ArgType.SIZE2, new int[] {1, 1}, "stride")
        .param("pad", ArgType.PAD, dev.cnnc.compiler.ir.Padding.VALID, "padding")
        .param("dilation", ArgType.SIZE2, new int[] {1, 1}, "dilation")
        .param("groups", ArgType.COUNT, 1, "channel groups")
        .param("bias", ArgType.BOOL, true, "whether to add a bias")
        .param("act", ArgType.ACT, "none", "fused activation")
        .param("connections", ArgType.TABLE, "all", "per-filter input channels")
        .param("round", ArgType.ROUND, NETWORK_ROUND, "rounding of the output size")
        .example("CONV(32, 3x3)"));
    for (String name : new String[] {"POOL", "MAXPOOL", "AVGPOOL"}) {
      add(pool(name, name.equals("AVGPOOL") ? Op.AVGPOOL : Op.MAXPOOL));
    }
    add(LayerSignature.of("SUBSAMPLE", Op.SUBSAMPLE)
        .param("window", ArgType.SIZE2, new int[] {2, 2}, "window")
        .param("stride", ArgType.SIZE2, new LayerSignature.SameAs("window"), "stride")
        .param("round", ArgType.ROUND, NETWORK_ROUND, "rounding of the output size")
        .example("SUBSAMPLE(2x2)"));
    add(LayerSignature.of("GAP", Op.GAP).example("GAP"));
    add(LayerSignature.of("GLOBALAVGPOOL", Op.GAP).example("GLOBALAVGPOOL"));
    add(LayerSignature.of("DEPTHPOOL", Op.DEPTHPOOL)
        .param("k", ArgType.COUNT, REQUIRED, "how many channels each output channel pools")
        .param("stride", ArgType.COUNT, new LayerSignature.SameAs("k"), "channel stride")
        .example("DEPTHPOOL(3)"));
    add(LayerSignature.of("FC", Op.FC)
        .param("units", ArgType.COUNT, REQUIRED, "the number of output units")
        .param("bias", ArgType.BOOL, true, "whether to add a bias")
        .param("act", ArgType.ACT, "none", "fused activation")
        .example("FC(10)"));
    add(LayerSignature.of("FLATTEN", Op.FLATTEN).example("FLATTEN"));
    add(LayerSignature.of("BN", Op.BN)
        .param("eps", ArgType.REAL, 1e-5, "added to the variance")
        .param("momentum", ArgType.REAL, 0.1, "running-statistics momentum")
        .example("BN"));
    add(LayerSignature.of("LRN", Op.LRN)
        .param("radius", ArgType.NATURAL, 2, "depth radius")
        .param("alpha", ArgType.REAL, 2e-5, "scale")
        .param("beta", ArgType.REAL, 0.75, "exponent")
        .param("k", ArgType.REAL, 1.0, "bias")
        .example("LRN(radius=2)"));
    for (String name : new String[] {"DROPOUT", "DO"}) {
      add(LayerSignature.of(name, Op.DROPOUT)
          .param("p", ArgType.RATE, REQUIRED, "the dropout rate, in [0, 1)")
          .example(name + "(0.5)"));
    }
    add(LayerSignature.of("RELU", Op.RELU).example("RELU"));
    add(LayerSignature.of("LEAKYRELU", Op.LEAKYRELU)
        .param("alpha", ArgType.REAL, 0.01, "slope for negative inputs").example("LEAKYRELU(0.1)"));
    add(LayerSignature.of("ELU", Op.ELU)
        .param("alpha", ArgType.REAL, 1.0, "saturation value").example("ELU"));
    add(LayerSignature.of("TANH", Op.TANH).example("TANH"));
    add(LayerSignature.of("SCALEDTANH", Op.SCALEDTANH).example("SCALEDTANH"));
    add(LayerSignature.of("SIGMOID", Op.SIGMOID).example("SIGMOID"));
    add(LayerSignature.of("SOFTMAX", Op.SOFTMAX).example("SOFTMAX"));
    add(LayerSignature.of("PAD", Op.PAD)
        .param("p", ArgType.PAD, REQUIRED, "padding: N or (top, bottom, left, right)").example("PAD(2)"));
    add(LayerSignature.of("RBF", Op.RBF)
        .param("units", ArgType.COUNT, REQUIRED, "the number of output units").example("RBF(10)"));
  }

  private static LayerSignature.Builder pool(String name, Op op) {
    return LayerSignature.of(name, op)
        .param("window", ArgType.SIZE2, new int[] {2, 2}, "window")
        .param("stride", ArgType.SIZE2, new LayerSignature.SameAs("window"), "stride")
        .param("pad", ArgType.PAD, dev.cnnc.compiler.ir.Padding.VALID, "padding")
        .param("round", ArgType.ROUND, NETWORK_ROUND, "rounding of the output size")
        .example(name + "(2)");
  }

  private static void add(LayerSignature.Builder b) {
    LayerSignature s = b.build();
    ALL.put(s.name(), s);
  }

  private Signatures() {}

  static LayerSignature lookup(String name) {
    return ALL.get(name);
  }

  /** Every layer name, for suggestions; {@code ID} is included though it creates no layer. */
  static Set<String> names() {
    java.util.Set<String> names = new java.util.TreeSet<>(ALL.keySet());
    names.add("ID");
    return names;
  }

  static Map<String, LayerSignature> all() {
    return ALL;
  }
}
