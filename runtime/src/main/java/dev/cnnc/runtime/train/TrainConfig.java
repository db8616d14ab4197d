package dev.cnnc.runtime.train;

import dev.cnnc.runtime.data.Augmentation;
import dev.cnnc.runtime.init.Init;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a training run is configured with. Built from text settings in layers — defaults, then
 * the spec's {@code train { }} block, then command-line flags — by {@link Builder#set}, which
 * validates each value with the same rules whatever its source.
 *
 * @param clip the global gradient-norm limit, 0 for none
 * @param validation the fraction of the training split held out for validation, in [0, 1)
 * @param threads worker threads, 0 for the runtime's default (all processors)
 * @param init the initialisation of every CONV/FC weight, or null for the network's own choice
 *     (He before ReLU, LeCun before tanh-like activations, Glorot otherwise)
 */
public record TrainConfig(int epochs, int batch, OptimizerSpec optimizer, ScheduleSpec schedule,
    LossKind loss, double clip, double validation, long seed, int threads, Augmentation augmentation,
    Path out, boolean resume, Init.Scheme init) {

  /** The keys {@link Builder#set} accepts (the train block's plus {@code threads}, {@code out}, {@code resume}). */
  public static final List<String> KEYS = List.of("epochs", "batch", "optimizer", "lr", "momentum",
      "weight_decay", "schedule", "warmup", "loss", "clip", "validation", "seed", "threads", "augment",
      "out", "resume", "init");

  public TrainConfig {
    if (epochs < 1 || batch < 1 || clip < 0 || !(validation >= 0 && validation < 1) || threads < 0) {
      throw new IllegalArgumentException("bad training configuration");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: 10 epochs, batch 32, adam(lr=0.001), constant rate, cross-entropy, seed 42. */
  public static final class Builder {
    private int epochs = 10;
    private int batch = 32;
    private OptimizerSpec optimizer = OptimizerSpec.parse("adam(lr=0.001)");
    private final Map<String, String> optimizerArgs = new LinkedHashMap<>();
    private ScheduleSpec schedule = ScheduleSpec.CONSTANT;
    private String warmup;
    private LossKind loss = LossKind.CROSSENTROPY;
    private double clip;
    private double validation;
    private long seed = 42;
    private int threads;
    private Augmentation augmentation = Augmentation.NONE;
    private Path out = Path.of("runs", "train");
    private boolean resume;
    private Init.Scheme init;

    Builder() {}

    /**
     * Applies a layer of settings (a train block, or flags). Its {@code optimizer} goes first so the
     * layer's {@code lr}, {@code momentum} and {@code weight_decay} refine it whatever their order.
     */
    public Builder setAll(Map<String, String> settings) {
      if (settings.containsKey("optimizer")) {
        set("optimizer", settings.get("optimizer"));
      }
      settings.forEach((k, v) -> {
        if (!k.equals("optimizer")) {
          set(k, v);
        }
      });
      return this;
    }

    /** Sets one key from text; throws {@link TrainConfigException} naming key, value and the accepted forms. */
    public Builder set(String key, String value) {
      String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
      String v = value.strip();
      switch (k) {
        case "epochs" -> epochs = integer(k, v, 1, 1_000_000);
        case "batch", "batch_size" -> batch = integer(k, v, 1, 1 << 20);
        case "optimizer" -> {
          optimizer = OptimizerSpec.parse(v);
          optimizerArgs.clear(); // a new optimizer replaces earlier lr/momentum overrides
        }
        case "lr", "momentum", "weight_decay" -> {
          CallSyntax.number(k, v, k, v, 0, k.equals("lr") ? 10 : 1, "a number, e.g. " + k + " = 0.01");
          optimizerArgs.put(k, v);
        }
        case "schedule" -> schedule = ScheduleSpec.parse(v);
        case "warmup" -> {
          CallSyntax.number(k, v, k, v, 0, 1e6, "a number of epochs, e.g. warmup = 1");
          warmup = v;
        }
        case "loss" -> loss = LossKind.parse(v);
        case "clip" -> clip = CallSyntax.number(k, v, k, v, 0, Double.MAX_VALUE, "a gradient-norm limit > 0, or 0 for none");
        case "validation" -> {
          double f = CallSyntax.number(k, v, k, v, 0, 0.99, "a fraction in [0, 1), e.g. 0.1");
          validation = f;
        }
        case "seed" -> {
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new TrainConfigException(k, v, "not an integer", "an integer, e.g. seed = 42");
          }
        }
        case "threads" -> threads = integer(k, v, 0, 4096);
        case "augment" -> {
          try {
            augmentation = Augmentation.parse(v);
          } catch (IllegalArgumentException e) {
            throw new TrainConfigException(k, v, e.getMessage(), "none, or shift=N,flip,brightness=F,contrast=F");
          }
        }
        case "out" -> out = Path.of(v);
        case "resume" -> resume = CallSyntax.bool(k, v, k, v, "true or false");
        case "init" -> init = scheme(k, v);
        default -> throw new TrainConfigException(k, v, "unknown setting", String.join(", ", KEYS));
      }
      return this;
    }

    /** {@code auto} (the network's choice) or an {@link Init.Scheme} in lower case: glorot_uniform, he_normal, … */
    private static Init.Scheme scheme(String k, String v) {
      String s = v.toLowerCase(Locale.ROOT).replace('-', '_');
      if (s.equals("auto")) {
        return null;
      }
      s = s.replace("xavier", "glorot").replace("kaiming", "he");
      for (Init.Scheme scheme : Init.Scheme.values()) {
        if (scheme.name().toLowerCase(Locale.ROOT).equals(s)) {
          return scheme;
        }
      }
      throw new TrainConfigException(k, v, "unknown initialisation",
          "auto, he_normal, he_uniform, glorot_uniform (Keras's default), glorot_normal, lecun_uniform, lecun_normal");
    }

    private static int integer(String k, String v, int min, int max) {
      double d = CallSyntax.number(k, v, k, v, min, max, "an integer in [" + min + ", " + max + "]");
      if (d != Math.rint(d)) {
        throw new TrainConfigException(k, v, "not an integer", "an integer in [" + min + ", " + max + "]");
      }
      return (int) d;
    }

    public Builder epochs(int e) {
      return set("epochs", Integer.toString(e));
    }

    public Builder batch(int b) {
      return set("batch", Integer.toString(b));
    }

    public Builder seed(long s) {
      return set("seed", Long.toString(s));
    }

    public Builder out(Path p) {
      out = p;
      return this;
    }

    public Builder resume(boolean r) {
      resume = r;
      return this;
    }

    public TrainConfig build() {
      OptimizerSpec opt = optimizer;
      for (Map.Entry<String, String> e : optimizerArgs.entrySet()) {
        opt = opt.with(e.getKey(), e.getValue());
      }
      ScheduleSpec s = warmup == null ? schedule : schedule.withWarmupEpochs(warmup);
      return new TrainConfig(epochs, batch, opt, s, loss, clip, validation, seed, threads, augmentation, out, resume, init);
    }
  }

  /** One line for logs: {@code epochs=10 batch=32 optimizer=adam(lr=0.001) schedule=constant …}. */
  public String describe() {
    return "epochs=" + epochs + " batch=" + batch + " optimizer=" + optimizer + " schedule=" + schedule
        + " loss=" + loss + (clip > 0 ? " clip=" + clip : "") + (validation > 0 ? " validation=" + validation : "")
        + " seed=" + seed + (augmentation.isNone() ? "" : " augment=" + augmentation)
        + (init == null ? "" : " init=" + init.name().toLowerCase(Locale.ROOT));
  }
}
