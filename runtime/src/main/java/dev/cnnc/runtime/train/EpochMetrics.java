package dev.cnnc.runtime.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One epoch's numbers, as written to {@code metrics.jsonl}. Epochs count from 1; figures that do
 * not apply (no validation split, fewer than 5 classes) are NaN here and {@code null} in JSON.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAcc, double trainTop5,
    double valLoss, double valAcc, double testLoss, double testAcc, double lr, double seconds,
    double imgPerSec) {

  /** The JSON object of one metrics.jsonl line (keys in a fixed order). */
  public String toJson() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("epoch", (double) epoch);
    m.put("train_loss", trainLoss);
    m.put("train_acc", trainAcc);
    m.put("train_top5", trainTop5);
    m.put("val_loss", valLoss);
    m.put("val_acc", valAcc);
    m.put("test_loss", testLoss);
    m.put("test_acc", testAcc);
    m.put("lr", lr);
    m.put("seconds", seconds);
    m.put("img_per_s", imgPerSec);
    StringBuilder sb = new StringBuilder("{");
    m.forEach((k, v) -> {
      sb.append(sb.length() == 1 ? "" : ", ").append('"').append(k).append("\": ");
      if (k.equals("epoch")) {
        sb.append(epoch);
      } else {
        sb.append(Double.isFinite(v) ? number(v) : "null");
      }
    });
    return sb.append('}').toString();
  }

  /** Six significant digits without trailing zeros: 0.5, 812.345, 1.5e-05. */
  static String number(double v) {
    String s = String.format(Locale.ROOT, "%.6g", v);
    int e = s.indexOf('e');
    String mant = e < 0 ? s : s.substring(0, e);
    String exp = e < 0 ? "" : s.substring(e);
    if (mant.indexOf('.') >= 0) {
      mant = mant.replaceAll("0+$", "");
      mant = mant.endsWith(".") ? mant.substring(0, mant.length() - 1) : mant;
    }
    return mant + exp;
  }

  /** Reads a line written by {@link #toJson} (flat object of numbers and nulls). */
  static EpochMetrics fromJson(String line) {
    Map<String, Double> m = new LinkedHashMap<>();
    String body = line.strip();
    if (!body.startsWith("{") || !body.endsWith("}")) {
      throw new IllegalArgumentException("not a JSON object: " + line);
    }
    for (String part : body.substring(1, body.length() - 1).split(",")) {
      String[] kv = part.split(":", 2);
      if (kv.length == 2) {
        String k = kv[0].strip().replace("\"", "");
        String v = kv[1].strip();
        m.put(k, v.equals("null") ? Double.NaN : Double.parseDouble(v));
      }
    }
    return new EpochMetrics(m.getOrDefault("epoch", 0.0).intValue(), get(m, "train_loss"),
        get(m, "train_acc"), get(m, "train_top5"), get(m, "val_loss"), get(m, "val_acc"),
        get(m, "test_loss"), get(m, "test_acc"), get(m, "lr"), get(m, "seconds"), get(m, "img_per_s"));
  }

  private static double get(Map<String, Double> m, String k) {
    return m.getOrDefault(k, Double.NaN);
  }

  /** A one-line human summary: {@code epoch 3/10  loss 0.4123  acc 85.21%  val …  12.3 s  812 img/s}. */
  public String describe(int epochs) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.2f%%",
        epoch, epochs, trainLoss, 100 * trainAcc));
    if (Double.isFinite(valLoss)) {
      sb.append(String.format(Locale.ROOT, "  val_loss %.4f  val_acc %.2f%%", valLoss, 100 * valAcc));
    }
    if (Double.isFinite(testLoss)) {
      sb.append(String.format(Locale.ROOT, "  test_loss %.4f  test_acc %.2f%%", testLoss, 100 * testAcc));
    }
    sb.append(String.format(Locale.ROOT, "  lr %.3g  %.1f s  %.0f img/s", lr, seconds, imgPerSec));
    return sb.toString();
  }
}
