package dev.cnnc.compiler.resolve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names visible at some point: definitions of this level over those of the enclosing level
 * (network body over file over imports), plus the constants' values for expressions.
 */
final class Definitions {
  private final Definitions parent;
  private final Map<String, Definition> own = new LinkedHashMap<>();
  final Scope values;

  Definitions(Definitions parent) {
    this.parent = parent;
    this.values = new Scope(parent == null ? null : parent.values);
  }

  Definition lookup(String name) {
    for (Definitions d = this; d != null; d = d.parent) {
      Definition def = d.own.get(name);
      if (def != null) {
        return def;
      }
    }
    return null;
  }

  /** Built-in layer names a rejected {@code let} tried to redefine; their uses are not re-reported. */
  private final Set<String> rejected = new java.util.HashSet<>();

  void reject(String name) {
    rejected.add(name);
  }

  boolean isRejected(String name) {
    for (Definitions d = this; d != null; d = d.parent) {
      if (d.rejected.contains(name)) {
        return true;
      }
    }
    return false;
  }

  Definition ownDefinition(String name) {
    return own.get(name);
  }

  void define(Definition def) {
    own.put(def.name().name(), def);
    if (def instanceof Definition.Constant c) {
      values.bind(c.name().name(), c.value());
    }
  }

  /** Names of layers-like definitions (blocks and partials), for suggestions. */
  Set<String> callableNames() {
    Set<String> names = new TreeSet<>();
    for (Definitions d = this; d != null; d = d.parent) {
      d.own.forEach((k, v) -> {
        if (!(v instanceof Definition.Constant)) {
          names.add(k);
        }
      });
    }
    return names;
  }
}
