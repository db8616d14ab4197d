package dev.cnnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reader and writer of the IDX format used by MNIST and Fashion-MNIST: a big-endian magic
 * {@code 0x0000 08 dims} (0x08 = unsigned byte), {@code dims} big-endian int32 sizes, then the raw
 * bytes. Files may be gzip-compressed; that is detected from the gzip magic, not from the name, so a
 * renamed file still reads.
 */
final class Idx {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** Images as unsigned bytes, row-major, one channel. */
  record Images(Path file, int count, int rows, int cols, byte[] pixels) {}

  private Idx() {}

  static Images readImages(Path file) throws IOException {
    try (InputStream in = open(file, "IDX images")) {
      int[] header = readHeader(file, in, IMAGES_MAGIC, 3, "IDX images (ubyte, 3 dims)");
      int count = header[0];
      int rows = header[1];
      int cols = header[2];
      long bytes = (long) count * rows * cols;
      if (bytes > Integer.MAX_VALUE - 16) {
        throw DataFormatException.atByte(file, 4, "image array too large",
            "at most " + (Integer.MAX_VALUE - 16) + " bytes", count + "×" + rows + "×" + cols);
      }
      byte[] pixels = new byte[(int) bytes];
      int got = readFully(file, in, pixels);
      if (got < pixels.length) {
        throw new DataFormatException(file + ": truncated at byte " + (16 + got) + ": expected "
            + bytes + " bytes of images (" + count + "×" + rows + "×" + cols + "), found " + got);
      }
      return new Images(file, count, rows, cols, pixels);
    }
  }

  static byte[] readLabels(Path file) throws IOException {
    try (InputStream in = open(file, "IDX labels")) {
      int count = readHeader(file, in, LABELS_MAGIC, 1, "IDX labels (ubyte, 1 dim)")[0];
      byte[] labels = new byte[count];
      int got = readFully(file, in, labels);
      if (got < count) {
        throw new DataFormatException(file + ": truncated at byte " + (8 + got) + ": expected "
            + count + " bytes of labels, found " + got);
      }
      return labels;
    }
  }

  /** Opens a file, unwrapping gzip when the first two bytes are the gzip magic 1f 8b. */
  static InputStream open(Path file, String what) throws IOException {
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new DataNotFoundException("missing " + what + " file: " + file.toAbsolutePath());
    }
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return raw;
  }

  private static int[] readHeader(Path file, InputStream in, int magic, int dims, String what)
      throws IOException {
    // The magic first, so a wrong kind of file is reported as such even when it is short.
    byte[] head = new byte[4 * (1 + dims)];
    byte[] magicBytes = new byte[4];
    int got = readFully(file, in, magicBytes);
    System.arraycopy(magicBytes, 0, head, 0, got);
    if (got == 4) {
      int found = beInt(head, 0);
      if (found != magic) {
        throw DataFormatException.atByte(file, 0, "wrong magic number",
            hex(magic) + " (" + what + ")", hex(found) + describe(found));
      }
      byte[] rest = new byte[4 * dims];
      int more = readFully(file, in, rest);
      System.arraycopy(rest, 0, head, 4, more);
      got += more;
    }
    if (got < head.length) {
      throw new DataFormatException(file + ": truncated at byte " + got + ": expected a "
          + head.length + "-byte " + what + " header, found " + got + " bytes");
    }
    int[] sizes = new int[dims];
    for (int i = 0; i < dims; i++) {
      sizes[i] = beInt(head, 4 * (i + 1));
      if (sizes[i] < 0) {
        throw DataFormatException.atByte(file, 4L * (i + 1), "negative dimension " + i,
            "a size ≥ 0", sizes[i]);
      }
    }
    return sizes;
  }

  private static String describe(int magic) {
    if (magic == IMAGES_MAGIC) {
      return " (IDX images)";
    }
    if (magic == LABELS_MAGIC) {
      return " (IDX labels)";
    }
    return "";
  }

  /** Reads until buf is full or the stream ends; a truncated gzip stream counts as an end. */
  private static int readFully(Path file, InputStream in, byte[] buf) throws IOException {
    int done = 0;
    try {
      while (done < buf.length) {
        int n = in.read(buf, done, buf.length - done);
        if (n < 0) {
          break;
        }
        done += n;
      }
    } catch (EOFException e) {
      return done; // GZIPInputStream: "Unexpected end of ZLIB input stream"
    } catch (ZipException e) {
      throw new DataFormatException(file + ": corrupt gzip data after " + done + " decompressed bytes: "
          + e.getMessage(), e);
    }
    return done;
  }

  static int beInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }

  static String hex(int v) {
    return String.format("0x%08x", v);
  }

  static void writeImages(Path file, int count, int rows, int cols, byte[] pixels, int from, boolean gzip)
      throws IOException {
    try (DataOutputStream out = create(file, gzip)) {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels, from * rows * cols, count * rows * cols);
    }
  }

  static void writeLabels(Path file, byte[] labels, int from, int count, boolean gzip) throws IOException {
    try (DataOutputStream out = create(file, gzip)) {
      out.writeInt(LABELS_MAGIC);
      out.writeInt(count);
      out.write(labels, from, count);
    }
  }

  private static DataOutputStream create(Path file, boolean gzip) throws IOException {
    OutputStream os = Files.newOutputStream(file);
    // GZIPOutputStream writes mtime 0, so the same bytes give the same file (reproducible sample).
    return new DataOutputStream(new BufferedOutputStream(gzip ? new GZIPOutputStream(os, 1 << 16) : os, 1 << 16));
  }
}
