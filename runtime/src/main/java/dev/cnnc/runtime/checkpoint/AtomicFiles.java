package dev.cnnc.runtime.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers (and a crash) see either the old content or the complete new one,
 * never a torn file: the bytes go to a temporary file in the target's folder (same file system, so
 * the rename is atomic), which is fsynced and then moved over the target. For checkpoints, metrics
 * CSVs and generated sources alike.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Runs {@code body} on a buffered stream to a temporary file and, only if it returns normally,
   * replaces {@code target} with it. If {@code body} throws, the temporary file is deleted, the
   * target is untouched and the exception propagates. The stream must not be closed by the body
   * (closing it is harmless: it is ignored).
   */
  public static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    // A random name instead of createTempFile: that one makes 0600 files, and the target should get
    // the usual umask-derived permissions.
    Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.accept(new FilterOutputStream(buffered) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would write byte by byte
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        });
        buffered.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Atomically writes a UTF-8 string. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** Makes the rename itself durable; not possible on every platform, so best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open directories; the file's own fsync already happened.
    }
  }
}
