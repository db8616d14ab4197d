package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer as the language spells it: its op, its parameters in positional order, their types and
 * defaults. A default of {@link #REQUIRED} makes leaving the argument out an error whose help shows
 * {@code example}.
 */
record LayerSignature(String name, Op op, List<ParamSpec> params, String example) {
  static final Object REQUIRED = new Object() {
    @Override
    public String toString() {
      return "required";
    }
  };
  /** The default "same as another argument" (pool stride = window). */
  record SameAs(String other) {}
  /** The default "the network's rounding". */
  static final Object NETWORK_ROUND = new Object();

  record ParamSpec(String name, ArgType type, Object defaultValue, String meaning) {
    boolean required() {
      return defaultValue == REQUIRED;
    }
  }

  List<String> paramNames() {
    List<String> names = new ArrayList<>();
    params.forEach(p -> names.add(p.name()));
    return names;
  }

  ParamSpec param(String paramName) {
    for (ParamSpec p : params) {
      if (p.name().equals(paramName)) {
        return p;
      }
    }
    return null;
  }

  static Builder of(String name, Op op) {
    return new Builder(name, op);
  }

  static final class Builder {
    private final String name;
    private final Op op;
    private final List<ParamSpec> params = new ArrayList<>();
    private String example = "";

    Builder(String name, Op op) {
      this.name = name;
      this.op = op;
    }

    Builder param(String paramName, ArgType type, Object defaultValue, String meaning) {
      params.add(new ParamSpec(paramName, type, defaultValue, meaning));
      return this;
    }

    Builder example(String text) {
      this.example = text;
      return this;
    }

    LayerSignature build() {
      return new LayerSignature(name, op, List.copyOf(params), example);
    }
  }
}
