package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.source.Span;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A evaluated argument value, remembering where it was written so that a bad value is reported at
 * the value (even when it came through a partial or a block parameter).
 */
public sealed interface Value {
  Span span();

  /** How the value reads in a message. */
  String show();

  record Num(double value, boolean integral, Span span) implements Value {
    public String show() {
      return integral ? Long.toString((long) value) : trim(value);
    }

    static String trim(double v) {
      String s = Double.toString(v);
      if (Math.abs(v) < 1e-3 && v != 0 || Math.abs(v) >= 1e7) {
        return s.replace("E", "e");
      }
      return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
  }

  /** {@code 5x5} or {@code 224x224x3}. */
  record Size(List<Integer> dims, Span span) implements Value {
    public String show() {
      return dims.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
  }

  /** A bare word: {@code same}, {@code relu}, {@code floor}, {@code true}. */
  record Sym(String name, Span span) implements Value {
    public String show() {
      return name;
    }
  }

  record Str(String value, Span span) implements Value {
    public String show() {
      return "\"" + value + "\"";
    }
  }

  record ListV(List<Value> items, Span span) implements Value {
    public String show() {
      return items.stream().map(Value::show).collect(Collectors.joining(", ", "[", "]"));
    }
  }

  record Tuple(List<Value> items, Span span) implements Value {
    public String show() {
      return items.stream().map(Value::show).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** {@code nadam(lr=0.001)}: a named setting with arguments (train blocks). */
  record Call(String name, java.util.Map<String, Value> args, Span span) implements Value {
    public String show() {
      return name + args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().show())
          .collect(Collectors.joining(", ", "(", ")"));
    }
  }
}
