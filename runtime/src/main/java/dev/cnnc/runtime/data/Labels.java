package dev.cnnc.runtime.data;

import java.nio.file.Path;
import java.util.List;

/** Label checks shared by the sources. */
final class Labels {
  private Labels() {}

  /**
   * Checks every label is below {@code bound}. Label i sits at byte {@code headerBytes + i * stride}
   * of the file, which the message names along with the index.
   */
  static void checkRange(Path file, byte[] labels, long headerBytes, long stride, int bound, String why)
      throws DataFormatException {
    for (int i = 0; i < labels.length; i++) {
      int v = labels[i] & 0xff;
      if (v >= bound) {
        throw new DataFormatException(file + ": label out of range at index " + i + " (byte "
            + (headerBytes + i * stride) + "): expected 0.." + (bound - 1) + " (" + why + "), found " + v);
      }
    }
  }

  static int max(byte[]... arrays) {
    int m = -1;
    for (byte[] a : arrays) {
      for (byte b : a) {
        m = Math.max(m, b & 0xff);
      }
    }
    return m;
  }

  /** The label bound: the network's class count when given, else the known names' count. */
  static int bound(int classes, List<String> names) {
    if (classes > 0) {
      return names != null ? Math.min(classes, names.size()) : classes;
    }
    return names != null ? names.size() : 256;
  }

  static String why(int classes, List<String> names) {
    if (classes > 0 && (names == null || classes <= names.size())) {
      return "the network has " + classes + " classes";
    }
    return names != null ? names.size() + " class names" : "unsigned byte";
  }
}
