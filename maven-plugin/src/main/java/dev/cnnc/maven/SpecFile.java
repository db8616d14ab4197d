package dev.cnnc.maven;

import java.nio.file.Path;

/**
 * One {@code .cnn} file below a source root: its path on disk, its path relative to the root with
 * forward slashes (the key in the state file) and the Java package its classes go into.
 */
record SpecFile(Path path, String relative, String packageName) {}
