package dev.cnnc.runtime.train;

import dev.cnnc.runtime.checkpoint.Checkpoint;
import dev.cnnc.runtime.checkpoint.CheckpointException;
import dev.cnnc.runtime.data.Normalization;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves and restores everything a bit-identical resume needs in {@code checkpoint.safetensors}:
 * parameters and optimiser state as tensors; in the metadata the completed epochs ({@code epoch}),
 * the next batch of the epoch under way ({@code epoch_batch}, non-zero only after an interruption,
 * with the epoch's running sums in {@code epoch_partial}), the optimiser step, the seed, the
 * model's RNG state, the normalisation and the settings that must not change on resume.
 */
final class TrainState {
  /** Where a restored run continues. */
  record Resumed(int epoch, int batch, RunningMetrics partial, long seed, Normalization normalization, String plateau) {}

  private TrainState() {}

  static void save(Path file, Model model, Optimizer opt, TrainConfig cfg, long seed, Normalization norm,
      List<String> classes, int epoch, int batch, RunningMetrics partial, Plateau plateau) throws IOException {
    Map<String, String> md = new TreeMap<>(ModelWeights.describe(model, norm, classes));
    md.put("epoch", Integer.toString(epoch));
    md.put("epoch_batch", Integer.toString(batch));
    if (batch > 0 && partial != null) {
      md.put("epoch_partial", partial.format());
    }
    md.put("step", Long.toString(opt.stepCount()));
    md.put("seed", Long.toString(seed));
    md.put("rng", join(model.rngState()));
    md.put("batch", Integer.toString(cfg.batch()));
    md.put("epochs", Integer.toString(cfg.epochs()));
    md.put("optimizer", cfg.optimizer().toString());
    md.put("schedule", cfg.schedule().toString());
    md.put("loss", cfg.loss().toString());
    if (plateau != null) {
      md.put("plateau", plateau.format());
    }
    Checkpoint.save(file, model.parameters(), opt.state(), md);
  }

  /** Loads the checkpoint into model and optimiser; the caller's config must keep the batch size. */
  static Resumed restore(Path file, Model model, Optimizer opt, TrainConfig cfg) throws IOException {
    Checkpoint c = Checkpoint.read(file);
    long batch = c.getLong("batch", cfg.batch());
    if (batch != cfg.batch()) {
      throw new TrainConfigException("batch", Integer.toString(cfg.batch()), "the checkpoint " + file
          + " was trained with batch " + batch + "; resuming exactly needs the same batch size",
          "--batch " + batch + " (or start a new run without --resume)");
    }
    String savedOpt = c.get("optimizer");
    String savedName = savedOpt == null ? null : savedOpt.replaceAll("\\(.*", "").strip();
    if (savedName != null && !savedName.equals(cfg.optimizer().name())) {
      throw new TrainConfigException("optimizer", cfg.optimizer().toString(), "the checkpoint " + file
          + " was trained with " + savedOpt + "; its optimiser state does not fit another optimiser",
          savedOpt + " (or start a new run without --resume)");
    }
    c.loadInto(model.parameters());
    long step = c.getLong("step", 0);
    opt.restore(c.optimizerState(), step);
    String rng = c.get("rng");
    if (rng != null && !rng.isEmpty()) {
      model.restoreRngState(parseLongs(c, rng));
    } else if (rng != null) {
      model.restoreRngState(new long[0]);
    }
    int epoch = (int) c.getLong("epoch", 0);
    int epochBatch = (int) c.getLong("epoch_batch", 0);
    RunningMetrics partial = null;
    String p = c.get("epoch_partial");
    if (epochBatch > 0 && p != null) {
      try {
        partial = RunningMetrics.parse(p);
      } catch (RuntimeException e) {
        throw new CheckpointException(file + ": metadata epoch_partial: malformed \"" + p + "\"");
      }
    }
    return new Resumed(epoch, epochBatch, partial, c.getLong("seed", cfg.seed()),
        ModelWeights.info(c).normalization(), c.get("plateau"));
  }

  private static String join(long[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.toString();
  }

  private static long[] parseLongs(Checkpoint c, String s) throws CheckpointException {
    String[] parts = s.split(",");
    long[] out = new long[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = Long.parseLong(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw new CheckpointException(c.file() + ": metadata rng: expected comma-separated integers, found \"" + s + "\"");
    }
    return out;
  }
}
