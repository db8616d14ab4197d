package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import java.util.List;

/** CONV: windows over H and W; channels become {@code filters}; groups and connection tables checked. */
final class ConvRule implements ShapeRule {
  @Override
  public LayerInfo apply(Node node, List<Shape> inputs, Report report) {
    Shape in = inputs.get(0);
    Attrs a = node.attrs();
    if (!Spatial.require(node, in, report)) {
      return null;
    }
    int filters = a.integer("filters");
    int groups = a.integer("groups");
    if (in.c() % groups != 0 || filters % groups != 0) {
      report.emit(report.error(Code.CNN044, node,
              "CONV with groups=" + groups + " needs input and output channels divisible by " + groups
                  + "; they are " + in.c() + " and " + filters)
          .label(in.show() + " in, " + filters + " filters")
          .help("use a groups value that divides both, e.g. groups=" + gcd(in.c(), filters)));
      return null;
    }
    List<List<Integer>> table = a.table("connections");
    if (table != null && !checkTable(node, in, filters, groups, table, report)) {
      return null;
    }
    Windows.Result r = Windows.apply(node, in, a.pair("kernel"), a.pair("stride"), a.pair("dilation"),
        a.padding("pad"), Rounding.of(a.symbol("round")), report);
    return r == null ? null : new LayerInfo(Shape.spatial(r.h(), r.w(), filters), r.padding(), false);
  }

  private static boolean checkTable(Node node, Shape in, int filters, int groups, List<List<Integer>> table, Report report) {
    if (groups != 1) {
      report.emit(report.error(Code.CNN046, node, "`connections` and `groups` cannot be combined")
          .label("both given").help("a connection table already says which channels each filter reads; drop `groups`"));
      return false;
    }
    if (table.size() != filters) {
      report.emit(report.error(Code.CNN046, node,
              "the connection table has " + table.size() + " rows but CONV has " + filters + " filters")
          .label("one row per filter is needed")
          .help("give one list of input channels per filter, or set filters=" + table.size()));
      return false;
    }
    for (int f = 0; f < table.size(); f++) {
      for (int ch : table.get(f)) {
        if (ch >= in.c()) {
          report.emit(report.error(Code.CNN046, node,
                  "filter " + f + " of the connection table reads channel " + ch + ", but the input " + in.show()
                      + " has channels 0.." + (in.c() - 1))
              .label("index out of range")
              .help("channel indices start at 0 and must be below " + in.c()));
          return false;
        }
      }
    }
    return true;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
