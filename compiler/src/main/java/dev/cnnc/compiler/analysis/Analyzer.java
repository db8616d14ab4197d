package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Op;
import dev.cnnc.compiler.shapes.Shape;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parameters, MACs, receptive fields and memory of a typed network. */
public final class Analyzer {
  private Analyzer() {}

  public static Summary summarize(TypedNetwork typed) {
    List<LayerStats> layers = new ArrayList<>();
    Map<Node, int[]> rf = new HashMap<>();
    long trainable = 0;
    long nonTrainable = 0;
    long macs = 0;
    long activations = 0;
    int[] totalRf = null;
    for (Node n : typed.network().nodes()) {
      Shape out = typed.shape(n);
      Shape in = n.inputs().isEmpty() ? null : typed.shape(n.input());
      long[] p = parameters(n, in, out);
      long m = macs(n, in, out);
      int[] r = receptiveField(n, rf);
      if (r != null) {
        rf.put(n, r);
      }
      if (totalRf == null && endsSpatialPart(n) && !n.inputs().isEmpty()) {
        totalRf = rf.get(n.input());
      }
      trainable += p[0];
      nonTrainable += p[1];
      macs += m;
      activations += out.size();
      layers.add(new LayerStats(n, out, p[0], p[1], m, r == null ? 0 : r[0], r == null ? 0 : r[1]));
    }
    if (totalRf == null && !typed.network().outputs().isEmpty()) {
      totalRf = rf.get(typed.network().outputs().get(0).node());
    }
    if (totalRf == null) {
      totalRf = new int[] {0, 0};
    }
    return new Summary(typed, layers, trainable, nonTrainable, macs, totalRf[0], totalRf[1],
        4 * (trainable + nonTrainable), 4 * activations);
  }

  private static boolean endsSpatialPart(Node n) {
    return n.op() == Op.FC || n.op() == Op.FLATTEN || n.op() == Op.GAP || n.op() == Op.RBF;
  }

  /** {trainable, non-trainable}. */
  static long[] parameters(Node n, Shape in, Shape out) {
    Attrs a = n.attrs();
    switch (n.op()) {
      case CONV -> {
        int[] k = a.pair("kernel");
        long perFilter = (long) k[0] * k[1];
        long weights;
        if (a.table("connections") != null) {
          weights = perFilter * a.table("connections").stream().mapToLong(List::size).sum();
        } else {
          weights = perFilter * (in.c() / a.integer("groups")) * out.c();
        }
        return new long[] {weights + (a.bool("bias") ? out.c() : 0), 0};
      }
      case FC -> {
        return new long[] {in.size() * out.c() + (a.bool("bias") ? out.c() : 0), 0};
      }
      case BN -> {
        return new long[] {2L * out.c(), 2L * out.c()};
      }
      case SUBSAMPLE -> {
        return new long[] {2L * out.c(), 0};
      }
      case RBF -> {
        return new long[] {0, in.size() * out.c()};
      }
      default -> {
        return new long[] {0, 0};
      }
    }
  }

  static long macs(Node n, Shape in, Shape out) {
    Attrs a = n.attrs();
    if (n.op() == Op.CONV) {
      int[] k = a.pair("kernel");
      long positions = (long) out.h() * out.w();
      if (a.table("connections") != null) {
        return positions * k[0] * k[1] * a.table("connections").stream().mapToLong(List::size).sum();
      }
      return positions * out.c() * k[0] * k[1] * (in.c() / a.integer("groups"));
    }
    if (n.op() == Op.FC) {
      return in.size() * out.c();
    }
    return 0;
  }

  /** (size, jump) along the height axis, or null once the network has left the spatial part. */
  static int[] receptiveField(Node n, Map<Node, int[]> rf) {
    if (n.op() == Op.INPUT) {
      return new int[] {1, 1};
    }
    int size = 0;
    int jump = 0;
    for (Node in : n.inputs()) {
      int[] r = rf.get(in);
      if (r == null) {
        return null;
      }
      size = Math.max(size, r[0]);
      jump = Math.max(jump, r[1]);
    }
    Attrs a = n.attrs();
    switch (n.op()) {
      case CONV -> {
        int keff = a.pair("dilation")[0] * (a.pair("kernel")[0] - 1) + 1;
        return new int[] {size + (keff - 1) * jump, jump * a.pair("stride")[0]};
      }
      case MAXPOOL, AVGPOOL, SUBSAMPLE -> {
        return new int[] {size + (a.pair("window")[0] - 1) * jump, jump * a.pair("stride")[0]};
      }
      case FC, FLATTEN, GAP, RBF -> {
        return null;
      }
      default -> {
        return new int[] {size, jump};
      }
    }
  }
}
