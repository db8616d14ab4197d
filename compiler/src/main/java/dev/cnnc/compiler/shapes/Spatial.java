package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.ir.Node;

/** The check shared by layers that slide over H and W. */
final class Spatial {
  private Spatial() {}

  static boolean require(Node node, Shape in, Report report) {
    if (in.spatial()) {
      return true;
    }
    report.emit(report.error(Code.CNN047, node,
            node.op() + " needs an H×W×C input, but gets a vector of " + in.c())
        .label("vector in")
        .note("FC and FLATTEN turn images into vectors; spatial layers must come before them")
        .help("move this layer before the first FC/FLATTEN"));
    return false;
  }
}
