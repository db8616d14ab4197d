package dev.cnnc.cli.commands;

import picocli.CommandLine.Option;

/** {@code --network NAME}: for the commands that work on one network of a spec. */
public final class NetworkOption {
  @Option(names = "--network", paramLabel = "NAME", description = "Which network, when the file has several.")
  String name;

  /** The chosen network's name, or null when the spec must have exactly one. */
  public String name() {
    return name;
  }
}
