package dev.cnnc.cli;

import picocli.CommandLine;

/** Prints the cnnc version and the JVM running it. */
public final class Version implements CommandLine.IVersionProvider {
  public static String cnnc() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"cnnc " + cnnc(),
        "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
  }
}
