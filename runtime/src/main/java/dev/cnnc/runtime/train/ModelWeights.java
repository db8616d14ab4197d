package dev.cnnc.runtime.train;

import dev.cnnc.runtime.checkpoint.Checkpoint;
import dev.cnnc.runtime.checkpoint.CheckpointException;
import dev.cnnc.runtime.data.Normalization;
import dev.cnnc.runtime.model.Model;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trained weights as {@code model.safetensors}: the parameters plus what inference needs besides —
 * the input normalisation the model was trained with and the class names — in the metadata
 * ({@code cnnc.normalization}, {@code cnnc.classes} one name per line, {@code cnnc.network},
 * {@code cnnc.input} as {@code HxWxC}). Training checkpoints carry the same keys, so evaluation and
 * prediction accept either file.
 */
public final class ModelWeights {
  static final String NORMALIZATION = "cnnc.normalization";
  static final String CLASSES = "cnnc.classes";
  static final String NETWORK = "cnnc.network";
  static final String INPUT = "cnnc.input";

  /** What a weights file says besides the parameters. */
  public record Info(Normalization normalization, List<String> classNames, Map<String, String> metadata) {}

  private ModelWeights() {}

  /** Writes the model's parameters (no optimiser state) atomically. */
  public static void save(Path file, Model model, Normalization norm, List<String> classNames) throws IOException {
    Checkpoint.save(file, model.parameters(), Map.of(), describe(model, norm, classNames));
  }

  static Map<String, String> describe(Model model, Normalization norm, List<String> classNames) {
    Map<String, String> md = new TreeMap<>();
    md.put(NETWORK, model.name());
    int[] in = model.inputShape();
    md.put(INPUT, in[0] + "x" + in[1] + "x" + in[2]);
    if (norm != null) {
      md.put(NORMALIZATION, norm.format());
    }
    if (classNames != null && !classNames.isEmpty()) {
      md.put(CLASSES, String.join("\n", classNames));
    }
    return md;
  }

  /**
   * Loads a weights file or training checkpoint into the model after checking every name and
   * shape ({@link CheckpointException} lists the mismatches; nothing is copied then).
   */
  public static Info load(Path file, Model model) throws IOException {
    if (!java.nio.file.Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such weights file");
    }
    Checkpoint c = Checkpoint.read(file);
    c.loadInto(model.parameters());
    return info(c);
  }

  static Info info(Checkpoint c) throws CheckpointException {
    Normalization norm = null;
    String n = c.get(NORMALIZATION);
    if (n != null) {
      try {
        norm = Normalization.parse(n);
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(c.file() + ": metadata " + NORMALIZATION + ": " + e.getMessage());
      }
    }
    String cl = c.get(CLASSES);
    List<String> names = cl == null || cl.isEmpty() ? List.of() : Arrays.asList(cl.split("\n"));
    return new Info(norm, names, c.metadata());
  }
}
