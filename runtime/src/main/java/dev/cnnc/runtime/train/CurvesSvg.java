package dev.cnnc.runtime.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The training curves as a self-contained SVG: loss on the left, accuracy on the right, one line per
 * split (train, validation, test) over the epochs. Hand-written because it is small and keeps the
 * runtime free of dependencies; any browser shows it.
 */
final class CurvesSvg {
  private static final int W = 420;
  private static final int H = 300;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 28;
  private static final int BOTTOM = 40;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c"};
  private static final String[] NAMES = {"train", "validation", "test"};

  private CurvesSvg() {}

  static String render(String title, List<EpochMetrics> history) {
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(2 * W).append("\" height=\"")
        .append(H + 24).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append("<text x=\"").append(W).append("\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">")
        .append(escape(title)).append("</text>\n");
    panel(sb, 0, "loss", history, List.of(EpochMetrics::trainLoss, EpochMetrics::valLoss, EpochMetrics::testLoss), false);
    panel(sb, W, "accuracy", history, List.of(EpochMetrics::trainAcc, EpochMetrics::valAcc, EpochMetrics::testAcc), true);
    return sb.append("</svg>\n").toString();
  }

  private static void panel(StringBuilder sb, int x0, String label, List<EpochMetrics> history,
      List<ToDoubleFunction<EpochMetrics>> series, boolean unit) {
    int y0 = 24;
    double lo = unit ? 0 : Double.POSITIVE_INFINITY;
    double hi = unit ? 1 : Double.NEGATIVE_INFINITY;
    if (!unit) {
      for (EpochMetrics m : history) {
        for (ToDoubleFunction<EpochMetrics> f : series) {
          double v = f.applyAsDouble(m);
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      if (!Double.isFinite(lo)) {
        lo = 0;
        hi = 1;
      }
      lo = Math.min(0, lo);
      hi = hi <= lo ? lo + 1 : hi * 1.05;
    }
    int maxEpoch = Math.max(1, history.isEmpty() ? 1 : history.get(history.size() - 1).epoch());
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    int px = x0 + LEFT;
    int py = y0 + TOP;
    sb.append("<g>\n<rect x=\"").append(px).append("\" y=\"").append(py).append("\" width=\"").append(pw)
        .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#888\"/>\n");
    sb.append(text(px + pw / 2.0, y0 + 16, label, "middle"));
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      double y = py + ph - ph * i / 4.0;
      sb.append(line(px, y, px + pw, y, "#eee"));
      sb.append(text(px - 4, y + 4, unit ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : fmt(v), "end"));
    }
    int ticks = Math.min(maxEpoch, 10);
    for (int i = 0; i <= ticks; i++) {
      int e = (int) Math.round((double) maxEpoch * i / ticks);
      double x = px + pw * (double) e / maxEpoch;
      sb.append(text(x, py + ph + 14, Integer.toString(e), "middle"));
    }
    sb.append(text(px + pw / 2.0, py + ph + 30, "epoch", "middle"));
    for (int s = 0; s < series.size(); s++) {
      List<String> pts = new ArrayList<>();
      for (EpochMetrics m : history) {
        double v = series.get(s).applyAsDouble(m);
        if (Double.isFinite(v)) {
          double x = px + pw * (double) m.epoch() / maxEpoch;
          double y = py + ph - ph * (v - lo) / (hi - lo);
          pts.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
      }
      if (pts.isEmpty()) {
        continue;
      }
      sb.append("<polyline fill=\"none\" stroke=\"").append(COLORS[s]).append("\" stroke-width=\"2\" points=\"")
          .append(String.join(" ", pts)).append("\"/>\n");
      for (String p : pts) {
        String[] xy = p.split(",");
        sb.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2.5\" fill=\"")
            .append(COLORS[s]).append("\"/>\n");
      }
      int ly = py + 12 + 14 * s;
      sb.append(line(px + pw - 90, ly - 4, px + pw - 72, ly - 4, COLORS[s]));
      sb.append(text(px + pw - 68, ly, NAMES[s], "start"));
    }
    sb.append("</g>\n");
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
        x1, y1, x2, y2, color);
  }

  private static String text(double x, double y, String s, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor, escape(s));
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
