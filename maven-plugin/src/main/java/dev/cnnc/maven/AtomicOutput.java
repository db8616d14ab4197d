package dev.cnnc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Writes generated files so that a reader (an IDE, a parallel javac) never sees half a file, and
 * leaves a file alone when its content would not change, so its timestamp stays and nothing
 * downstream recompiles.
 */
final class AtomicOutput {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicOutput() {}

  /** Writes text to target unless it already holds exactly that; returns whether it wrote. */
  static boolean writeIfChanged(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes)) {
      return false;
    }
    write(target, bytes);
    return true;
  }

  /** Temp file in the same folder (same file system), then a rename over the target. */
  static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not createTempFile: its owner-only permissions would stay on the renamed file.
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Deletes a file and then its parent folders up to (not including) root while they are empty. */
  static boolean deleteWithEmptyParents(Path file, Path root) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    Path top = root.toAbsolutePath().normalize();
    for (Path dir = file.toAbsolutePath().normalize().getParent();
        dir != null && dir.startsWith(top) && !dir.equals(top); dir = dir.getParent()) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      }
      Files.delete(dir);
    }
    return deleted;
  }
}
