package dev.cnnc.runtime.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the {@code name(key=value, …)} form the spec's train block gives as canonical text
 * ({@code nadam(lr=0.001)}, {@code step(every=30, gamma=0.1)}, or a bare {@code cosine}). Values
 * stay strings; each setting types them itself so errors can name the argument.
 */
record CallSyntax(String name, Map<String, String> args) {
  static CallSyntax parse(String key, String text, String allowed) {
    String t = text.strip();
    int open = t.indexOf('(');
    String name;
    Map<String, String> args = new LinkedHashMap<>();
    if (open < 0) {
      name = t;
    } else {
      if (!t.endsWith(")")) {
        throw new TrainConfigException(key, text, "missing closing parenthesis", allowed);
      }
      name = t.substring(0, open).strip();
      String inner = t.substring(open + 1, t.length() - 1).strip();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",")) {
          String[] kv = part.split("=", 2);
          String k = kv[0].strip().toLowerCase(Locale.ROOT);
          if (kv.length != 2 || k.isEmpty() || kv[1].isBlank()) {
            throw new TrainConfigException(key, text, "argument '" + part.strip() + "' is not KEY=VALUE", allowed);
          }
          if (args.put(k, kv[1].strip()) != null) {
            throw new TrainConfigException(key, text, "argument " + k + " given twice", allowed);
          }
        }
      }
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new TrainConfigException(key, text, "'" + name + "' is not a name", allowed);
    }
    return new CallSyntax(name.toLowerCase(Locale.ROOT), args);
  }

  /** Canonical text: {@code name(k=v, …)}, or the bare name without arguments. */
  static String show(String name, Map<String, String> args) {
    if (args.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('(');
    args.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append('=').append(v));
    return sb.append(')').toString();
  }

  static double number(String key, String text, String arg, String value, double min, double max, String allowed) {
    double v;
    try {
      v = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new TrainConfigException(key, text, arg + " must be a number, found '" + value + "'", allowed);
    }
    if (!(v >= min && v <= max)) {
      throw new TrainConfigException(key, text, arg + " must be in [" + fmt(min) + ", " + fmt(max) + "], found " + value, allowed);
    }
    return v;
  }

  static boolean bool(String key, String text, String arg, String value, String allowed) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new TrainConfigException(key, text, arg + " must be true or false, found '" + value + "'", allowed);
    };
  }

  static String fmt(double v) {
    if (v == Double.MAX_VALUE || v == Double.POSITIVE_INFINITY) {
      return "∞";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
