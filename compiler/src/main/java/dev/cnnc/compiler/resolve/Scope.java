package dev.cnnc.compiler.resolve;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Name bindings for expressions: block parameters inside network parameters inside constants. */
final class Scope {
  private final Scope parent;
  private final Map<String, Value> values = new HashMap<>();

  Scope(Scope parent) {
    this.parent = parent;
  }

  void bind(String name, Value value) {
    values.put(name, value);
  }

  Optional<Value> lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Value v = s.values.get(name);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  Set<String> names() {
    Set<String> all = new TreeSet<>();
    for (Scope s = this; s != null; s = s.parent) {
      all.addAll(s.values.keySet());
    }
    return all;
  }
}
