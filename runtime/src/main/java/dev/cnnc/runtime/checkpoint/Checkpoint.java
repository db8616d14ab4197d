package dev.cnnc.runtime.checkpoint;

import dev.cnnc.runtime.tensor.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A training state in one safetensors file (see {@code docs/checkpoints.md}).
 *
 * <p>Layout:
 * <ul>
 *   <li>every model parameter under its {@link Parameter#name()} ({@code conv1.weight},
 *       {@code bn1.running_mean}, …) with its shape — convolution weights are HWIO
 *       {@code [kh, kw, cin/groups, cout]}, fully connected weights {@code [in, out]} with the
 *       inputs flattened in H, W, C order, biases {@code [cout]};
 *   <li>optimiser state arrays under {@code optim.}+name (e.g. {@code optim.conv1.weight.m}), 1-D;
 *   <li>{@code __metadata__}: strings — {@code cnnc.format} = {@value #FORMAT}, {@code cnnc.layout},
 *       and whatever the trainer adds: {@code step}, {@code epoch}, {@code seed}, RNG states,
 *       normalisation, the spec's hash…
 * </ul>
 * Files are written atomically, so an interrupted save leaves the previous checkpoint intact.
 */
public final class Checkpoint {
  public static final String OPTIM_PREFIX = "optim.";
  public static final String FORMAT = "1";
  static final String LAYOUT = "conv weights HWIO [kh,kw,cin/groups,cout]; fc weights [in,out], inputs"
      + " flattened H,W,C; activations NHWC";

  private final Path file;
  private final Map<String, TensorData> parameters;
  private final Map<String, float[]> optimizer;
  private final Map<String, String> metadata;

  private Checkpoint(Path file, Map<String, TensorData> parameters, Map<String, float[]> optimizer,
      Map<String, String> metadata) {
    this.file = file;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.optimizer = Collections.unmodifiableMap(optimizer);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * Saves parameters, optimiser state (keys without the {@code optim.} prefix; may be empty) and
   * metadata atomically. Keys {@code cnnc.format} and {@code cnnc.layout} are added.
   */
  public static void save(Path file, List<Parameter> params, Map<String, float[]> optimizerState,
      Map<String, String> metadata) throws IOException {
    Map<String, TensorData> tensors = new TreeMap<>();
    for (Parameter p : params) {
      if (p.name().startsWith(OPTIM_PREFIX)) {
        throw new IllegalArgumentException("parameter name " + p.name() + " clashes with the "
            + OPTIM_PREFIX + " prefix of optimiser state");
      }
      if (tensors.put(p.name(), new TensorData(p.shape(), p.value)) != null) {
        throw new IllegalArgumentException("two parameters are named " + p.name());
      }
    }
    for (Map.Entry<String, float[]> e : optimizerState.entrySet()) {
      tensors.put(OPTIM_PREFIX + e.getKey(), TensorData.of(e.getValue()));
    }
    Map<String, String> md = new TreeMap<>(metadata);
    md.put("cnnc.format", FORMAT);
    md.put("cnnc.layout", LAYOUT);
    SafeTensors.write(file, tensors, md);
  }

  /** Reads and validates a checkpoint file (not yet checked against a model). */
  public static Checkpoint read(Path file) throws IOException {
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, TensorData> params = new TreeMap<>();
    Map<String, float[]> optim = new TreeMap<>();
    for (Map.Entry<String, TensorData> e : c.tensors().entrySet()) {
      if (e.getKey().startsWith(OPTIM_PREFIX)) {
        optim.put(e.getKey().substring(OPTIM_PREFIX.length()), e.getValue().values());
      } else {
        params.put(e.getKey(), e.getValue());
      }
    }
    return new Checkpoint(file, params, optim, new LinkedHashMap<>(c.metadata()));
  }

  /**
   * Copies the stored values into the model's parameters after checking that names and shapes
   * match exactly. On any mismatch nothing is copied and the exception lists every problem:
   * {@code missing conv1.weight [3,3,1,64]}, {@code unexpected fc9.bias [10]},
   * {@code conv2.weight: wrong shape: expected [3,3,64,64], found [3,3,32,64]}.
   */
  public void loadInto(List<Parameter> params) throws CheckpointException {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Parameter p : params) {
      seen.add(p.name());
      TensorData t = parameters.get(p.name());
      if (t == null) {
        problems.add("missing " + p.name() + " " + TensorData.shapeString(p.shape()));
      } else if (!Arrays.equals(t.shape(), p.shape())) {
        problems.add(p.name() + ": wrong shape: expected " + TensorData.shapeString(p.shape())
            + ", found " + TensorData.shapeString(t.shape()));
      }
    }
    for (Map.Entry<String, TensorData> e : parameters.entrySet()) {
      if (!seen.contains(e.getKey())) {
        problems.add("unexpected " + e.getKey() + " " + TensorData.shapeString(e.getValue().shape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckpointException("checkpoint " + file + " does not match the model ("
          + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  "
          + String.join("\n  ", problems));
    }
    for (Parameter p : params) {
      float[] v = parameters.get(p.name()).values();
      System.arraycopy(v, 0, p.value, 0, v.length);
    }
  }

  public Path file() {
    return file;
  }

  /** Model tensors by name (no optimiser state), sorted. */
  public Map<String, TensorData> parameters() {
    return parameters;
  }

  /** Optimiser state by name without the {@code optim.} prefix, sorted. */
  public Map<String, float[]> optimizerState() {
    return optimizer;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** A metadata value, or null. */
  public String get(String key) {
    return metadata.get(key);
  }

  /** A metadata value parsed as a long (e.g. {@code step}, {@code epoch}, {@code seed}). */
  public long getLong(String key, long fallback) throws CheckpointException {
    String v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new CheckpointException(file + ": metadata " + key + ": expected an integer, found \"" + v + "\"");
    }
  }
}
