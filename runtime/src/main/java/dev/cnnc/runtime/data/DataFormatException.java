package dev.cnnc.runtime.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but its content is not what the network needs: wrong magic number, truncated
 * data, inconsistent counts, a label out of range or an image size that is not the network's input.
 * The message always names the file and, where it applies, the byte offset or sample index and the
 * expected and found values, so a user can fix the file without a debugger.
 */
public class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "{file}: {what} at byte {offset}: expected {expected}, found {found}". */
  static DataFormatException atByte(Path file, long offset, String what, Object expected, Object found) {
    return new DataFormatException(file + ": " + what + " at byte " + offset
        + ": expected " + expected + ", found " + found);
  }

  /** "{file}: {what}: expected {expected}, found {found}". */
  static DataFormatException of(Path file, String what, Object expected, Object found) {
    return new DataFormatException(file + ": " + what + ": expected " + expected + ", found " + found);
  }

  static String shape(int h, int w, int c) {
    return h + "×" + w + "×" + c;
  }
}
