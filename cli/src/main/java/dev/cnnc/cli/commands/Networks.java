package dev.cnnc.cli.commands;

import dev.cnnc.cli.UsageException;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.shapes.TypedNetwork;
import java.util.stream.Collectors;

/** Picks the network a command works on. */
final class Networks {
  private Networks() {}

  static TypedNetwork choose(Compilation c, String name, String file) {
    if (c.networks().isEmpty()) {
      throw new UsageException(file + " defines no network (only definitions); add a `network Name { … }` or a chain starting with INPUT");
    }
    String names = c.networks().stream().map(n -> n.network().name()).collect(Collectors.joining(", "));
    if (name == null) {
      if (c.networks().size() > 1) {
        throw new UsageException(file + " has several networks (" + names + "); choose one with --network NAME");
      }
      return c.networks().get(0);
    }
    return c.networks().stream().filter(n -> n.network().name().equals(name)).findFirst()
        .orElseThrow(() -> new UsageException("no network `" + name + "` in " + file + "; it has: " + names));
  }
}
