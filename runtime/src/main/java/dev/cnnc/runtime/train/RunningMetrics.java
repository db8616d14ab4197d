package dev.cnnc.runtime.train;

/**
 * Sums over the batches of one epoch so far. Kept in checkpoints taken mid-epoch (on Ctrl-C) so a
 * resumed epoch reports the same means as an uninterrupted one.
 */
final class RunningMetrics {
  double lossSum;
  long top1;
  long top5;
  long seen;
  /** Seconds spent in the training steps of this epoch (before a resume, plus since). */
  double seconds;

  void add(double loss, int[] correct, int n) {
    lossSum += loss * n;
    top1 += correct[0];
    top5 += correct[1];
    seen += n;
  }

  double loss() {
    return seen == 0 ? Double.NaN : lossSum / seen;
  }

  double accuracy() {
    return seen == 0 ? Double.NaN : (double) top1 / seen;
  }

  double top5() {
    return seen == 0 ? Double.NaN : (double) top5 / seen;
  }

  /** Round-trips exactly through {@link #parse} (Double.toString is exact). */
  String format() {
    return lossSum + "," + top1 + "," + top5 + "," + seen + "," + seconds;
  }

  static RunningMetrics parse(String s) {
    String[] p = s.split(",");
    RunningMetrics r = new RunningMetrics();
    r.lossSum = Double.parseDouble(p[0]);
    r.top1 = Long.parseLong(p[1]);
    r.top5 = Long.parseLong(p[2]);
    r.seen = Long.parseLong(p[3]);
    r.seconds = Double.parseDouble(p[4]);
    return r;
  }
}
