package dev.cnnc.compiler.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's bound, validated arguments (defaults filled in). Types are guaranteed by the binder:
 * ints, doubles, {@code int[2]} sizes (h, w), {@link Padding}, booleans, strings, int tables.
 */
public final class Attrs {
  private final Map<String, Object> values;

  public Attrs(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public int integer(String name) {
    return (Integer) values.get(name);
  }

  public double real(String name) {
    return ((Number) values.get(name)).doubleValue();
  }

  /** A size as (h, w). */
  public int[] pair(String name) {
    return ((int[]) values.get(name)).clone();
  }

  /** A shape as (h, w, c). */
  public int[] triple(String name) {
    return ((int[]) values.get(name)).clone();
  }

  public Padding padding(String name) {
    return (Padding) values.get(name);
  }

  public boolean bool(String name) {
    return (Boolean) values.get(name);
  }

  public String symbol(String name) {
    return (String) values.get(name);
  }

  /** A connection table, or null for "all". */
  @SuppressWarnings("unchecked")
  public List<List<Integer>> table(String name) {
    Object v = values.get(name);
    return v instanceof List<?> ? (List<List<Integer>>) v : null;
  }

  public Map<String, Object> asMap() {
    return values;
  }
}
