package dev.cnnc.runtime.train;

import dev.cnnc.runtime.optim.Adam;
import dev.cnnc.runtime.optim.AdamW;
import dev.cnnc.runtime.optim.Nadam;
import dev.cnnc.runtime.optim.Optimizer;
import dev.cnnc.runtime.optim.RmsProp;
import dev.cnnc.runtime.optim.Sgd;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimiser as the train block or {@code --optimizer} writes it: {@code sgd(lr=0.01,
 * momentum=0.9, nesterov=true, weight_decay=5e-4)}, {@code adam(lr=0.001)}, {@code adamw},
 * {@code nadam}, {@code rmsprop}. Arguments left out take PyTorch's defaults (and lr the values in
 * {@link #ALLOWED}). Validated when parsed, so a bad spec fails before any data is loaded.
 */
public final class OptimizerSpec {
  static final String ALLOWED = "sgd(lr=0.01, momentum=0, nesterov=false, weight_decay=0, dampening=0),"
      + " adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0), adamw(… weight_decay=0.01),"
      + " nadam(lr=0.002, …, momentum_decay=0.004) or rmsprop(lr=0.01, rho=0.99, eps=1e-8, momentum=0,"
      + " centered=false, weight_decay=0)";

  private static final Map<String, Set<String>> ARGS = Map.of(
      "sgd", Set.of("lr", "momentum", "nesterov", "weight_decay", "dampening"),
      "adam", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"),
      "adamw", Set.of("lr", "beta1", "beta2", "eps", "weight_decay"),
      "nadam", Set.of("lr", "beta1", "beta2", "eps", "weight_decay", "momentum_decay"),
      "rmsprop", Set.of("lr", "rho", "eps", "weight_decay", "momentum", "centered"));
  private static final Map<String, Double> DEFAULT_LR = Map.of(
      "sgd", 0.01, "adam", 0.001, "adamw", 0.001, "nadam", 0.002, "rmsprop", 0.01);

  private final String name;
  private final Map<String, String> args;
  private final String text;

  private OptimizerSpec(String name, Map<String, String> args, String text) {
    this.name = name;
    this.args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    this.text = text;
  }

  /** Parses and validates; throws {@link TrainConfigException} naming the problem. */
  public static OptimizerSpec parse(String text) {
    CallSyntax call = CallSyntax.parse("optimizer", text, ALLOWED);
    OptimizerSpec spec = new OptimizerSpec(call.name(), call.args(), text);
    spec.build(); // validates every argument
    return spec;
  }

  /** The same optimiser with one argument set (flags {@code --lr}, spec keys {@code momentum}, …). */
  public OptimizerSpec with(String arg, String value) {
    Map<String, String> a = new LinkedHashMap<>(args);
    a.put(arg, value);
    String shown = CallSyntax.show(name, a);
    if (!ARGS.getOrDefault(name, Set.of()).contains(arg)) {
      throw new TrainConfigException(arg, value, name + " has no " + arg + " (it takes " + String.join(", ",
          List.copyOf(new java.util.TreeSet<>(ARGS.get(name)))) + ")", "an optimizer that has it, e.g. sgd(" + arg + "=" + value + ")");
    }
    OptimizerSpec spec = new OptimizerSpec(name, a, shown);
    spec.build();
    return spec;
  }

  public String name() {
    return name;
  }

  public Map<String, String> args() {
    return args;
  }

  /** The learning rate the optimiser starts with. */
  public double learningRate() {
    return num("lr", DEFAULT_LR.getOrDefault(name, 0.001), 0, 10);
  }

  /** A fresh optimiser. */
  public Optimizer build() {
    Set<String> known = ARGS.get(name);
    if (known == null) {
      throw new TrainConfigException("optimizer", text, "unknown optimizer '" + name + "'", ALLOWED);
    }
    for (String a : args.keySet()) {
      if (!known.contains(a)) {
        throw new TrainConfigException("optimizer", text, name + " has no argument " + a
            + " (it takes " + String.join(", ", new java.util.TreeSet<>(known)) + ")", ALLOWED);
      }
    }
    float lr = (float) learningRate();
    float wd = (float) num("weight_decay", name.equals("adamw") ? 0.01 : 0, 0, 1);
    float eps = (float) num("eps", 1e-8, 0, 1);
    switch (name) {
      case "sgd" -> {
        float momentum = (float) num("momentum", 0, 0, 0.9999);
        float dampening = (float) num("dampening", 0, 0, 1);
        boolean nesterov = args.containsKey("nesterov") && CallSyntax.bool("optimizer", text, "nesterov", args.get("nesterov"), ALLOWED);
        if (nesterov && (momentum == 0 || dampening != 0)) {
          throw new TrainConfigException("optimizer", text, "nesterov=true needs momentum > 0 and dampening=0", ALLOWED);
        }
        return new Sgd(lr, momentum, dampening, wd, nesterov);
      }
      case "adam", "adamw" -> {
        float b1 = (float) num("beta1", 0.9, 0, 0.999999);
        float b2 = (float) num("beta2", 0.999, 0, 0.999999);
        return name.equals("adam") ? new Adam(lr, b1, b2, eps, wd) : new AdamW(lr, b1, b2, eps, wd);
      }
      case "nadam" -> {
        float b1 = (float) num("beta1", 0.9, 0, 0.999999);
        float b2 = (float) num("beta2", 0.999, 0, 0.999999);
        return new Nadam(lr, b1, b2, eps, wd, (float) num("momentum_decay", 0.004, 0, 1));
      }
      default -> {
        float rho = (float) num("rho", 0.99, 0, 0.999999);
        float momentum = (float) num("momentum", 0, 0, 0.9999);
        boolean centered = args.containsKey("centered") && CallSyntax.bool("optimizer", text, "centered", args.get("centered"), ALLOWED);
        return new RmsProp(lr, rho, eps, wd, momentum, centered);
      }
    }
  }

  private double num(String arg, double fallback, double min, double max) {
    String v = args.get(arg);
    return v == null ? fallback : CallSyntax.number("optimizer", text, arg, v, min, max, ALLOWED);
  }

  /** Canonical text, e.g. {@code nadam(lr=0.001)}. */
  @Override
  public String toString() {
    return CallSyntax.show(name, args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptimizerSpec s && s.name.equals(name) && s.args.equals(args);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + args.hashCode();
  }
}
