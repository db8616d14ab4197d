package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.ir.Node;

/**
 * Tensors are indexed with Java ints: a layer whose output would hold more than 2^31 − 1 values
 * (an INPUT of 99999x99999x3, a PAD of a billion) is an error at that layer, before any later
 * rule multiplies its sizes and overflows.
 */
final class TensorLimits {
  private TensorLimits() {}

  static boolean fits(Node node, Shape out, Report report) {
    if (out.h() >= 1 && out.w() >= 1 && out.c() >= 1 && out.h() < Integer.MAX_VALUE && out.w() < Integer.MAX_VALUE
        && out.c() < Integer.MAX_VALUE && (long) out.h() * out.w() * out.c() <= Integer.MAX_VALUE) {
      return true;
    }
    String size = java.math.BigInteger.valueOf(out.h()).multiply(java.math.BigInteger.valueOf(out.w()))
        .multiply(java.math.BigInteger.valueOf(out.c())).toString();
    report.emit(report.error(Code.CNN023, node, "the output of " + node.op() + " would be " + out.show()
            + " = " + size + " values, more than a tensor can hold (" + Integer.MAX_VALUE + ")")
        .label("too large")
        .help("check the sizes: image inputs are usually at most a few thousand pixels wide"));
    return false;
  }
}
