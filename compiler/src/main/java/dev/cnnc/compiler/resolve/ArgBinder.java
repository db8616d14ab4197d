package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.diag.Code;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a layer call's arguments to its signature: positional then {@code key=value}, partial
 * arguments overridden by the call's, defaults filled in, every value checked against its type and
 * domain. Each problem is reported at the argument that has it.
 */
final class ArgBinder {
  static final Set<String> ACTIVATIONS = Set.of("none", "relu", "tanh", "sigmoid", "scaledtanh", "leakyrelu", "elu", "softmax");
  static final Set<String> ROUNDINGS = Set.of("strict", "floor", "ceil");

  private final Diagnostics diagnostics;

  ArgBinder(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The bound arguments, or empty if any error was reported. */
  Optional<Attrs> bind(LayerSignature sig, List<RawArg> args, Span call, String networkRound) {
    Map<String, RawArg> chosen = new LinkedHashMap<>();
    Map<Integer, Integer> positionalByLayer = new HashMap<>();
    int positional = 0;
    boolean ok = true;
    // Partial arguments come first (lower layer); a later layer's argument replaces an earlier one.
    for (RawArg a : args) {
      String key = a.key();
      if (key == null) {
        int index = positional++;
        positionalByLayer.merge(a.layer(), 1, Integer::sum);
        if (index >= sig.params().size()) {
          ok = false;
          if (index > sig.params().size()) {
            continue; // one error for all the extra arguments of a call
          }
          long given = args.stream().filter(x -> x.key() == null).count();
          diagnostics.report(Diagnostic.error(Code.CNN024, extraSpan(args, a),
                  sig.name() + " takes at most " + sig.params().size() + " positional argument"
                      + (sig.params().size() == 1 ? "" : "s") + ", but " + given + " are given")
              .label(given - sig.params().size() == 1 ? "one too many" : (given - sig.params().size()) + " too many")
              .help(sig.params().isEmpty() ? "write `" + sig.name() + "` without arguments"
                  : "name it: " + sig.name() + "(" + String.join("=…, ", sig.paramNames()) + "=…)"));
          continue;
        }
        key = sig.params().get(index).name();
      } else if (sig.param(key) == null) {
        Diagnostic.Builder d = Diagnostic.error(Code.CNN021, a.keySpan(),
                sig.name() + " has no argument `" + key + "`")
            .label("unknown argument");
        Optional<String> guess = Suggest.closest(key, sig.paramNames());
        guess.ifPresent(g -> d.help("did you mean `" + g + "`? " + sig.name() + "(…, " + g + "=" + a.value().show() + ")"));
        if (guess.isEmpty()) {
          d.note(sig.name() + " takes: " + (sig.params().isEmpty() ? "no arguments" : String.join(", ", sig.paramNames())));
        }
        diagnostics.report(d);
        ok = false;
        continue;
      }
      RawArg previous = chosen.get(key);
      if (previous != null && previous.layer() == a.layer()) {
        diagnostics.report(Diagnostic.error(Code.CNN024, a.span(), "`" + key + "` is given twice")
            .label("second value")
            .secondary(previous.span(), "first value")
            .help("keep one of them"));
        ok = false;
        continue;
      }
      chosen.put(key, a);
    }
    if (!ok) {
      return Optional.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> deferred = new ArrayList<>();
    for (LayerSignature.ParamSpec p : sig.params()) {
      RawArg a = chosen.get(p.name());
      if (a != null) {
        Object v = convert(sig, p, a.value());
        if (v == null) {
          ok = false;
        } else {
          values.put(p.name(), v);
        }
      } else if (p.required()) {
        diagnostics.report(Diagnostic.error(Code.CNN022, call,
                sig.name() + " needs `" + p.name() + "`: " + p.meaning())
            .label("missing `" + p.name() + "`")
            .help("write it as `" + sig.example() + "`"));
        ok = false;
      } else if (p.defaultValue() instanceof LayerSignature.SameAs) {
        deferred.add(p.name());
      } else if (p.defaultValue() == LayerSignature.NETWORK_ROUND) {
        values.put(p.name(), networkRound);
      } else {
        values.put(p.name(), p.defaultValue());
      }
    }
    for (String name : deferred) {
      String other = ((LayerSignature.SameAs) sig.param(name).defaultValue()).other();
      values.put(name, values.get(other));
    }
    return ok ? Optional.of(new Attrs(values)) : Optional.empty();
  }

  /** The typed value, or null after reporting why not. */
  private Object convert(LayerSignature sig, LayerSignature.ParamSpec p, Value v) {
    String what = "`" + p.name() + "` of " + sig.name();
    switch (p.type()) {
      case COUNT, NATURAL -> {
        Integer n = integer(v);
        int min = p.type() == ArgType.COUNT ? 1 : 0;
        if (n == null) {
          return bad(v, what + " must be a whole number, not `" + v.show() + "`", "write a number such as " + (min + 1));
        }
        if (n < min) {
          return bad(v, what + " must be at least " + min + ", got " + n,
              p.name().equals("filters") ? "a convolution needs at least one filter, e.g. " + sig.name() + "(32, …)" : null);
        }
        return n;
      }
      case REAL -> {
        if (v instanceof Value.Num num) {
          return num.value();
        }
        return bad(v, what + " must be a number, not `" + v.show() + "`", null);
      }
      case RATE -> {
        if (!(v instanceof Value.Num num)) {
          return bad(v, what + " must be a number in [0, 1), not `" + v.show() + "`", null);
        }
        if (num.value() < 0 || num.value() >= 1) {
          return bad(v, what + " must be in [0, 1), got " + num.show(),
              "it is the fraction of units dropped, e.g. " + sig.name() + "(0.5)");
        }
        return num.value();
      }
      case SIZE2 -> {
        int[] s = size2(v);
        if (s == null) {
          return bad(v, what + " must be a size like 3 or 3x3, not `" + v.show() + "`", null);
        }
        if (s[0] < 1 || s[1] < 1) {
          return bad(v, what + " must be at least 1, got " + v.show(),
              p.name().equals("stride") ? "a stride of 1 keeps every position: " + p.name() + "=1" : null);
        }
        return s;
      }
      case SHAPE3 -> {
        if (v instanceof Value.Size s && s.dims().size() == 3) {
          for (int d : s.dims()) {
            if (d < 1) {
              return bad(v, what + " must have sizes of at least 1, got " + v.show(), null);
            }
          }
          return new int[] {s.dims().get(0), s.dims().get(1), s.dims().get(2)};
        }
        return bad(v, what + " must be height x width x channels like 28x28x1, not `" + v.show() + "`",
            "write it as `" + sig.example() + "`");
      }
      case PAD -> {
        return padding(v, what);
      }
      case BOOL -> {
        if (v instanceof Value.Sym s && (s.name().equals("true") || s.name().equals("false"))) {
          return s.name().equals("true");
        }
        return bad(v, what + " must be true or false, not `" + v.show() + "`", null);
      }
      case ACT -> {
        return symbol(v, what, ACTIVATIONS);
      }
      case ROUND -> {
        return symbol(v, what, ROUNDINGS);
      }
      case TABLE -> {
        return table(v, what);
      }
      default -> throw new IllegalStateException(p.type().name());
    }
  }

  private Object symbol(Value v, String what, Set<String> allowed) {
    if (v instanceof Value.Sym s) {
      String name = s.name().toLowerCase(java.util.Locale.ROOT);
      if (allowed.contains(name)) {
        return name;
      }
      Optional<String> guess = Suggest.closest(s.name(), allowed);
      return bad(v, what + " cannot be `" + v.show() + "`",
          guess.map(g -> "did you mean `" + g + "`?").orElse("use one of: " + String.join(", ", new java.util.TreeSet<>(allowed))));
    }
    return bad(v, what + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", not `" + v.show() + "`", null);
  }

  private Object padding(Value v, String what) {
    if (v instanceof Value.Sym s && (s.name().equals("valid") || s.name().equals("same"))) {
      return s.name().equals("same") ? Padding.SAME : Padding.VALID;
    }
    Integer n = integer(v);
    if (n != null) {
      return n < 0 ? bad(v, what + " cannot be negative, got " + n, null) : Padding.explicit(n, n, n, n);
    }
    if (v instanceof Value.Tuple t && (t.items().size() == 2 || t.items().size() == 4)) {
      int[] p = new int[t.items().size()];
      for (int i = 0; i < p.length; i++) {
        Integer x = integer(t.items().get(i));
        if (x == null || x < 0) {
          return bad(t.items().get(i), what + ": every padding amount must be a whole number ≥ 0", null);
        }
        p[i] = x;
      }
      return p.length == 2 ? Padding.explicit(p[0], p[0], p[1], p[1]) : Padding.explicit(p[0], p[1], p[2], p[3]);
    }
    return bad(v, what + " must be valid, same, a number, or (top, bottom, left, right); not `" + v.show() + "`",
        v instanceof Value.Sym s ? Suggest.closest(s.name(), List.of("valid", "same")).map(g -> "did you mean `" + g + "`?").orElse(null) : null);
  }

  private Object table(Value v, String what) {
    if (v instanceof Value.Sym s && s.name().equals("all")) {
      return "all";
    }
    if (!(v instanceof Value.ListV list)) {
      return bad(v, what + " must be `all` or a list of channel lists like [[0,1,2], [1,2,3]]", null);
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (Value row : list.items()) {
      if (!(row instanceof Value.ListV r)) {
        return bad(row, what + ": each filter's entry must be a list of input channels", null);
      }
      List<Integer> channels = new ArrayList<>();
      for (Value c : r.items()) {
        Integer ch = integer(c);
        if (ch == null || ch < 0) {
          return bad(c, what + ": channel indices are whole numbers ≥ 0, not `" + c.show() + "`", null);
        }
        channels.add(ch);
      }
      if (channels.isEmpty()) {
        return bad(row, what + ": a filter must read at least one input channel", null);
      }
      rows.add(List.copyOf(channels));
    }
    return List.copyOf(rows);
  }

  /** From the first extra positional argument to the last one written in the same call. */
  static Span extraSpan(List<RawArg> args, RawArg first) {
    Span span = first.span();
    for (RawArg a : args) {
      if (a.key() == null && a.layer() == first.layer() && a.span().file() == span.file() && a.span().start() > span.start()) {
        span = span.to(a.span());
      }
    }
    return span;
  }

  static Integer integer(Value v) {
    if (v instanceof Value.Num n && n.integral() && Math.abs(n.value()) <= Integer.MAX_VALUE) {
      return (int) n.value();
    }
    return null;
  }

  private static int[] size2(Value v) {
    Integer n = integer(v);
    if (n != null) {
      return new int[] {n, n};
    }
    if (v instanceof Value.Size s && s.dims().size() == 2) {
      return new int[] {s.dims().get(0), s.dims().get(1)};
    }
    return null;
  }

  private Object bad(Value v, String message, String help) {
    Diagnostic.Builder d = Diagnostic.error(Code.CNN023, v.span(), message).label("invalid value");
    if (help != null) {
      d.help(help);
    }
    diagnostics.report(d);
    return null;
  }
}
