package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Concrete fixes for an output size that is not whole, each computed for the layer at hand and
 * written so it can be pasted: another input size, padding, rounding, {@code pad=same}.
 */
final class Fixes {
  private Fixes() {}

  static List<String> forFraction(Node node, Shape in, Axis axis, boolean square) {
    List<String> fixes = new ArrayList<>();
    // 1. An input size that divides evenly (the nearest above, the usual textbook fix), computed
    // rather than searched because strides can be huge.
    long step = axis.span() < 0 ? 0 : (axis.s() - axis.span() % axis.s()) % axis.s();
    if (step > 0 && axis.in() + step <= Integer.MAX_VALUE) {
      int bigger = (int) (axis.in() + step);
      Axis a = axis.withIn(bigger);
      Node source = node.inputs().isEmpty() ? null : node.input();
      String size = square ? bigger + "x" + bigger : axis.name() + " " + bigger;
      if (source != null && source.op() == Op.INPUT && square) {
        fixes.add("an input of " + size + " gives " + a.floor() + ": " + a.formula() + " = " + a.floor()
            + " — write `INPUT(" + bigger + "x" + bigger + "x" + in.c() + ")`");
      } else {
        fixes.add("an input of " + size + " (it is " + axis.in() + " here) gives " + a.floor() + ": " + a.formula() + " = " + a.floor());
      }
    }
    boolean padded = node.op() == Op.CONV || node.op() == Op.MAXPOOL || node.op() == Op.AVGPOOL;
    // 2. Symmetric padding: exact if some amount makes it exact, else with floor to the rounded-up size.
    if (padded) {
      int current = axis.lo();
      int target = axis.ceil();
      String found = null;
      // Beyond kernel or 2·stride more pixels nothing new happens; the bound keeps huge values fast.
      long last = Math.min((long) current + Math.min(axis.effectiveKernel(), 2L * axis.s() + 2), Integer.MAX_VALUE);
      for (int p = current + 1; p <= last && found == null; p++) {
        Axis a = axis.withPad(p, p);
        if (a.exact()) {
          found = "`pad=" + p + "` gives " + a.floor() + ": " + a.formula() + " = " + a.floor();
        }
      }
      for (int p = current + 1; p <= last && found == null; p++) {
        Axis a = axis.withPad(p, p);
        if (a.floor() == target || a.floor() > axis.floor()) {
          found = "`pad=" + p + ", round=floor` gives " + a.floor() + ": " + a.formula() + " = " + a.exactValue()
              + ", rounded down" + (node.op() == Op.CONV ? " (as PyTorch/torchvision do)" : "");
        }
      }
      if (found != null) {
        fixes.add(found);
      }
    }
    // 3. Rounding: accept the truncation either way.
    fixes.add("`round=floor` gives " + axis.floor() + (node.op() == Op.MAXPOOL || node.op() == Op.AVGPOOL ? " (Keras and PyTorch's default)" : "")
        + ", `round=ceil` gives " + axis.ceil());
    // 4. TensorFlow-style same padding.
    if (padded) {
      fixes.add("`pad=same` gives " + axis.same().floor() + " (= ceil(" + axis.in() + "/" + axis.s() + "))");
    }
    return fixes;
  }
}
