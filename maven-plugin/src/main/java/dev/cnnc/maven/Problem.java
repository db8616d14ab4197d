package dev.cnnc.maven;

/**
 * An error that is not about the text of a spec (a folder that is no package name, two specs that
 * generate the same class, a parameter no network declares): {@code file} is where to look, or
 * null for the configuration.
 */
record Problem(String file, String message) {
  @Override
  public String toString() {
    return file == null ? message : file + ": " + message;
  }
}
