package dev.cnnc.compiler.ir;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code train { }} block: keys as written, values as canonical text ({@code nadam(lr=0.001)},
 * {@code 32}). The training CLI parses and validates them with the same rules as its flags.
 */
public record TrainSettings(Map<String, String> values) {
  public static final TrainSettings NONE = new TrainSettings(Map.of());

  public TrainSettings {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public String get(String key) {
    return values.get(key);
  }
}
