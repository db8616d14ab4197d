package dev.cnnc.compiler.codegen;

/**
 * What the generator needs beyond the network: the package, an optional class name (default: the
 * network's name), the cnnc version and the spec's name and content hash for {@code @Generated}.
 */
public record GeneratorOptions(String packageName, String classNameOverride, String version,
    String sourceName, String specHash) {

  String className(String networkName) {
    return classNameOverride != null ? classNameOverride : JavaNames.type(networkName);
  }

  /** The class name a network gets with these options. */
  public String classNameFor(String networkName) {
    return className(networkName);
  }
}
