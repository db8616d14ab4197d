package dev.cnnc.runtime.train;

import dev.cnnc.runtime.optim.schedule.CosineDecay;
import dev.cnnc.runtime.optim.schedule.ExponentialDecay;
import dev.cnnc.runtime.optim.schedule.LinearWarmup;
import dev.cnnc.runtime.optim.schedule.LrSchedule;
import dev.cnnc.runtime.optim.schedule.StepDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A learning-rate schedule as text: {@code constant}, {@code step(every=30, gamma=0.1)},
 * {@code exponential(gamma=0.95)}, {@code cosine} or {@code cosine(min=1e-5)}, {@code plateau(factor=0.1,
 * patience=5)} (divide on a plateau of the monitored loss, see {@link Plateau}), optionally combined
 * with {@code warmup(epochs=1)} (or {@code warmup(steps=500)}) by {@code +}, a comma or a list:
 * {@code warmup(epochs=1) + cosine}. Step and exponential decay count epochs unless
 * {@code unit=step}; cosine and warm-up are applied per step (smooth), over the epochs given.
 * The built schedule is a function of the global step only, so a resumed run gets the same rates.
 */
public final class ScheduleSpec {
  static final String ALLOWED = "constant, step(every=N, gamma=G[, unit=epoch|step]), exponential(gamma=G[, unit=epoch|step]),"
      + " cosine[(min=LR)], plateau[(factor=F, patience=P, min=LR)], warmup(epochs=E | steps=S),"
      + " or a warm-up and one decay joined by +";
  public static final ScheduleSpec CONSTANT = new ScheduleSpec(List.of(), "constant");

  private static final Map<String, Set<String>> ARGS = Map.of(
      "constant", Set.of(), "none", Set.of(),
      "step", Set.of("every", "gamma", "unit"),
      "exponential", Set.of("gamma", "unit"),
      "cosine", Set.of("min"),
      "plateau", Set.of("factor", "patience", "min"),
      "warmup", Set.of("epochs", "steps", "start"));

  private final List<CallSyntax> parts;
  private final String text;

  private ScheduleSpec(List<CallSyntax> parts, String text) {
    this.parts = List.copyOf(parts);
    this.text = text;
  }

  public static ScheduleSpec parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    List<CallSyntax> parts = new ArrayList<>();
    for (String piece : splitTopLevel(t)) {
      CallSyntax c = CallSyntax.parse("schedule", piece, ALLOWED);
      Set<String> known = ARGS.get(c.name());
      if (known == null) {
        throw new TrainConfigException("schedule", text, "unknown schedule '" + c.name() + "'", ALLOWED);
      }
      for (String a : c.args().keySet()) {
        if (!known.contains(a)) {
          throw new TrainConfigException("schedule", text, c.name() + " has no argument " + a
              + (known.isEmpty() ? "" : " (it takes " + String.join(", ", new java.util.TreeSet<>(known)) + ")"), ALLOWED);
        }
      }
      if (!c.name().equals("constant") && !c.name().equals("none")) {
        parts.add(c);
      }
    }
    ScheduleSpec s = new ScheduleSpec(parts, text);
    s.validate();
    return s;
  }

  /** Splits at '+' and ',' outside parentheses. */
  private static List<String> splitTopLevel(String t) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (depth == 0 && (ch == '+' || ch == ',')) {
        out.add(t.substring(start, i));
        start = i + 1;
      }
    }
    out.add(t.substring(start));
    return out;
  }

  private void validate() {
    int warmups = 0;
    int decays = 0;
    for (CallSyntax c : parts) {
      if (c.name().equals("warmup")) {
        warmups++;
        if (c.args().containsKey("epochs") == c.args().containsKey("steps")) {
          throw new TrainConfigException("schedule", text, "warmup needs exactly one of epochs= or steps=", ALLOWED);
        }
      } else {
        decays++;
      }
      if (c.name().equals("step") && (!c.args().containsKey("every") || !c.args().containsKey("gamma"))) {
        throw new TrainConfigException("schedule", text, "step needs every= and gamma=", ALLOWED);
      }
      if (c.name().equals("exponential") && !c.args().containsKey("gamma")) {
        throw new TrainConfigException("schedule", text, "exponential needs gamma=", ALLOWED);
      }
      String unit = c.args().get("unit");
      if (unit != null && !unit.equals("epoch") && !unit.equals("step")) {
        throw new TrainConfigException("schedule", text, "unit must be epoch or step, found '" + unit + "'", ALLOWED);
      }
    }
    if (warmups > 1 || decays > 1) {
      throw new TrainConfigException("schedule", text, "at most one warm-up and one decay can be combined", ALLOWED);
    }
    build(0.1f, 10, 10); // checks every number
    plateau();
  }

  /** This schedule with a warm-up of the given epochs in front (the train block's {@code warmup} key). */
  public ScheduleSpec withWarmupEpochs(String epochs) {
    List<CallSyntax> p = new ArrayList<>();
    p.add(new CallSyntax("warmup", Map.of("epochs", epochs)));
    for (CallSyntax c : parts) {
      if (!c.name().equals("warmup")) {
        p.add(c);
      }
    }
    ScheduleSpec s = new ScheduleSpec(p, "");
    String shown = s.toString();
    s = new ScheduleSpec(p, shown);
    try {
      s.validate();
    } catch (TrainConfigException e) {
      throw new TrainConfigException("warmup", epochs, "must be a number of epochs ≥ 0", "e.g. warmup = 1");
    }
    return s;
  }

  /**
   * The schedule as a function of the global step (counting from 0) for a run of {@code epochs}
   * epochs of {@code stepsPerEpoch} steps starting at {@code baseLr}.
   */
  public LrSchedule build(float baseLr, int epochs, int stepsPerEpoch) {
    long spe = Math.max(1, stepsPerEpoch);
    long warm = 0;
    float start = 0f;
    LrSchedule decay = LrSchedule.constant(baseLr);
    for (CallSyntax c : parts) {
      if (c.name().equals("warmup")) {
        String e = c.args().get("epochs");
        warm = e != null ? Math.round(num(c, "epochs", 0, 1e6) * spe) : (long) num(c, "steps", 0, 1e12);
        start = c.args().containsKey("start") ? (float) num(c, "start", 0, 1) : 0f;
      }
    }
    for (CallSyntax c : parts) {
      boolean perStep = "step".equals(c.args().get("unit"));
      long unit = perStep ? 1 : spe;
      switch (c.name()) {
        case "step" -> decay = new StepDecay(baseLr, Math.max(1, Math.round(num(c, "every", 1, 1e12) * unit)),
            (float) num(c, "gamma", 0, 10));
        case "exponential" -> decay = new ExponentialDecay(baseLr, (float) num(c, "gamma", 0, 10), unit, true);
        case "cosine" -> decay = new CosineDecay(baseLr, Math.max(1, (long) epochs * spe - warm),
            c.args().containsKey("min") ? (float) num(c, "min", 0, 10) : 0f);
        default -> { }
      }
    }
    return warm > 0 ? new LinearWarmup(decay, warm, start) : decay;
  }

  /** The plateau rule of this schedule, fresh, or null when it has none. */
  Plateau plateau() {
    for (CallSyntax c : parts) {
      if (c.name().equals("plateau")) {
        return new Plateau(c.args().containsKey("factor") ? num(c, "factor", 0, 1) : 0.1,
            c.args().containsKey("patience") ? (int) num(c, "patience", 0, 1e6) : 5,
            c.args().containsKey("min") ? num(c, "min", 0, 10) : 0);
      }
    }
    return null;
  }

  private double num(CallSyntax c, String arg, double min, double max) {
    return CallSyntax.number("schedule", text, arg, c.args().get(arg), min, max, ALLOWED);
  }

  @Override
  public String toString() {
    if (parts.isEmpty()) {
      return "constant";
    }
    List<String> shown = new ArrayList<>();
    for (CallSyntax c : parts) {
      shown.add(CallSyntax.show(c.name(), c.args()));
    }
    return String.join(" + ", shown);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScheduleSpec s && s.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
