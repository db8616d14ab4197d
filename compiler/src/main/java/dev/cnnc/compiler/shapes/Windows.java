package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.ir.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding-window rule shared by CONV, the poolings and SUBSAMPLE:
 * out = (W − (D·(F − 1) + 1) + P_lo + P_hi)/S + 1 per axis, with the node's rounding. Errors show
 * the formula with the numbers in and offer fixes computed for this layer.
 */
final class Windows {
  /** The output size and padding used, or null after reporting an error. */
  record Result(int h, int w, Padding padding, Axis rows, Axis cols) {}

  private Windows() {}

  static Result apply(Node node, Shape in, int[] kernel, int[] stride, int[] dilation, Padding pad,
      Rounding rounding, Report report) {
    Axis rows = new Axis("height", in.h(), kernel[0], stride[0], dilation[0], pad.top(), pad.bottom());
    Axis cols = new Axis("width", in.w(), kernel[1], stride[1], dilation[1], pad.left(), pad.right());
    if (pad.mode() == Padding.Mode.SAME) {
      rows = rows.same();
      cols = cols.same();
    }
    if (rows.span() < 0 || cols.span() < 0) {
      tooBig(node, in, kernel, dilation, rows, cols, pad, report);
      return null;
    }
    boolean sameMode = pad.mode() == Padding.Mode.SAME;
    if (!sameMode && rounding == Rounding.STRICT && (!rows.exact() || !cols.exact())) {
      notWhole(node, in, rows, cols, report);
      return null;
    }
    int h = sameMode || rounding != Rounding.CEIL ? rows.floor() : rows.ceil();
    int w = sameMode || rounding != Rounding.CEIL ? cols.floor() : cols.ceil();
    if (!sameMode && rounding == Rounding.FLOOR) {
      // A window narrower than its stride skips rows everywhere by design (a 1x1/2 projection
      // shortcut); missing the last one too is not news.
      int lostRows = rows.effectiveKernel() < rows.s() ? 0 : rows.unreadAtEnd();
      int lostCols = cols.effectiveKernel() < cols.s() ? 0 : cols.unreadAtEnd();
      if (lostRows > 0 || lostCols > 0) {
        report.emit(report.warning(Code.CNN060, node,
                "the last " + describeLoss(lostRows, lostCols) + " of the " + in.showSpatial() + " input "
                    + (lostRows + lostCols == 1 ? "is" : "are") + " never read")
            .label("floor drops them: " + rows.formula() + " = " + rows.exactValue() + " → " + h)
            .help("this is what round=floor means; to read them, use `pad=same` or an input that divides evenly"));
      }
    }
    return new Result(h, w, Padding.explicit(rows.lo(), rows.hi(), cols.lo(), cols.hi()), rows, cols);
  }

  private static String describeLoss(int rows, int cols) {
    List<String> parts = new ArrayList<>();
    if (rows > 0) {
      parts.add(rows == 1 ? "row" : rows + " rows");
    }
    if (cols > 0) {
      parts.add(cols == 1 ? "column" : cols + " columns");
    }
    return String.join(" and ", parts);
  }

  private static void tooBig(Node node, Shape in, int[] kernel, int[] dilation, Axis rows, Axis cols,
      Padding pad, Report report) {
    String k = kernel[0] + "x" + kernel[1];
    String padded = (in.h() + rows.lo() + rows.hi()) + "x" + (in.w() + cols.lo() + cols.hi());
    boolean isConv = node.op() == Op.CONV;
    String what = isConv ? "kernel" : "window";
    Diagnostic.Builder d = report.error(Code.CNN041, node,
            "the " + k + " " + what + " of " + node.op() + " does not fit its " + in.showSpatial() + " input"
                + (padded.equals(in.showSpatial()) ? "" : " (" + padded + " padded)"))
        .label(in.show() + " in; " + (rows.span() < 0 ? rows.formula() : cols.formula()) + " < 1");
    if (dilation[0] > 1 || dilation[1] > 1) {
      d.note("with dilation the kernel covers " + rows.effectiveKernel() + "x" + cols.effectiveKernel());
    }
    d.note("out = (W − F + P)/S + 1 needs W + P ≥ F on every axis");
    if (pad.mode() != Padding.Mode.SAME && node.op() != Op.SUBSAMPLE) {
      d.help("`pad=same` keeps " + ((in.h() + rows.s() - 1) / rows.s()) + "x" + ((in.w() + cols.s() - 1) / cols.s()));
    }
    d.help("use a " + what + " of at most " + Math.min(in.h() + rows.lo() + rows.hi(), in.w() + cols.lo() + cols.hi())
        + "x" + Math.min(in.h() + rows.lo() + rows.hi(), in.w() + cols.lo() + cols.hi()) + ", or remove a layer that shrinks the input before this one");
    report.emit(d);
  }

  /** 54.25 instead of a whole number: the formula, and what would make it whole. */
  private static void notWhole(Node node, Shape in, Axis rows, Axis cols, Report report) {
    boolean rowsBad = !rows.exact();
    boolean colsBad = !cols.exact();
    Axis shown = rowsBad ? rows : cols;
    boolean square = rows.withPad(0, 0).equals(new Axis("height", cols.in(), cols.k(), cols.s(), cols.d(), 0, 0))
        && rows.lo() == cols.lo() && rows.hi() == cols.hi();
    String word = rowsBad && colsBad ? (square ? "size" : "height and width") : shown.name();
    Diagnostic.Builder d = report.error(Code.CNN040, node,
            "output " + word + " of " + node.op() + " is not a whole number: " + shown.formula() + " = " + shown.exactValue())
        .label("on a " + in.show() + " input");
    d.note("out = (W − F + P_lo + P_hi)/S + 1 must be exact under round=strict (the default)");
    for (String fix : Fixes.forFraction(node, in, shown, square && rowsBad && colsBad)) {
      d.help(fix);
    }
    report.emit(d);
  }
}
