package dev.cnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  static byte[] pixels(int count, int rows, int cols) {
    byte[] p = new byte[count * rows * cols];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (i * 31 + 7);
    }
    return p;
  }

  /** Writes the four standard files (gz or not) with count train and count test samples. */
  static void writeFolder(Path dir, int count, int rows, int cols, boolean gzip) throws IOException {
    String ext = gzip ? ".gz" : "";
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    for (String split : new String[] {"train", "t10k"}) {
      Idx.writeImages(dir.resolve(split + "-images-idx3-ubyte" + ext), count, rows, cols, pixels(count, rows, cols), 0, gzip);
      Idx.writeLabels(dir.resolve(split + "-labels-idx1-ubyte" + ext), labels, 0, count, gzip);
    }
  }

  @Test
  void roundTripGzipAndRaw() throws IOException {
    for (boolean gzip : new boolean[] {true, false}) {
      Path f = dir.resolve("img" + gzip);
      byte[] p = pixels(3, 4, 5);
      Idx.writeImages(f, 3, 4, 5, p, 0, gzip);
      Idx.Images im = Idx.readImages(f);
      assertEquals(3, im.count());
      assertEquals(4, im.rows());
      assertEquals(5, im.cols());
      assertArrayEquals(p, im.pixels());
      Path l = dir.resolve("lab" + gzip);
      Idx.writeLabels(l, new byte[] {1, 2, 3, 9}, 1, 3, gzip);
      assertArrayEquals(new byte[] {2, 3, 9}, Idx.readLabels(l));
    }
  }

  @Test
  void wrongMagic() throws IOException {
    Path f = dir.resolve("labels-as-images");
    Idx.writeLabels(f, new byte[] {1, 2}, 0, 2, true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(f));
    assertEquals(f + ": wrong magic number at byte 0: expected 0x00000803 (IDX images (ubyte, 3 dims)),"
        + " found 0x00000801 (IDX labels)", e.getMessage());
  }

  @Test
  void truncatedRawAndGzip() throws IOException {
    Path raw = dir.resolve("raw");
    Idx.writeImages(raw, 10, 28, 28, pixels(10, 28, 28), 0, false);
    byte[] all = Files.readAllBytes(raw);
    Files.write(raw, Arrays.copyOf(all, 16 + 1000));
    DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.readImages(raw));
    assertEquals(raw + ": truncated at byte 1016: expected 7840 bytes of images (10×28×28), found 1000",
        e.getMessage());

    Path gz = dir.resolve("gz");
    Idx.writeImages(gz, 10, 28, 28, pixels(10, 28, 28), 0, true);
    byte[] g = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(g, g.length / 2));
    e = assertThrows(DataFormatException.class, () -> Idx.readImages(gz));
    assertTrue(e.getMessage().startsWith(gz + ": truncated at byte "), e.getMessage());
    assertTrue(e.getMessage().contains("expected 7840 bytes of images"), e.getMessage());

    Path tiny = dir.resolve("tiny");
    Files.write(tiny, new byte[] {0, 0, 8});
    e = assertThrows(DataFormatException.class, () -> Idx.readLabels(tiny));
    assertEquals(tiny + ": truncated at byte 3: expected a 8-byte IDX labels (ubyte, 1 dim) header, found 3 bytes",
        e.getMessage());
  }

  @Test
  void labelCountMismatch() throws IOException {
    writeFolder(dir, 20, 28, 28, true);
    Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
    Idx.writeLabels(labels, new byte[19], 0, 19, true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 28, 28, 1));
    assertEquals(labels + ": label count does not match the image count of t10k-images-idx3-ubyte.gz at byte 4:"
        + " expected 20, found 19", e.getMessage());
  }

  @Test
  void labelOutOfRange() throws IOException {
    writeFolder(dir, 20, 28, 28, false);
    byte[] labels = new byte[20];
    labels[13] = 12;
    Path f = dir.resolve("train-labels-idx1-ubyte");
    Idx.writeLabels(f, labels, 0, 20, false);
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 28, 28, 1, 10));
    assertEquals(f + ": label out of range at index 13 (byte 21): expected 0..9 (the network has 10 classes),"
        + " found 12", e.getMessage());
  }

  @Test
  void imageSizeMismatch() throws IOException {
    writeFolder(dir, 4, 28, 28, true);
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 32, 32, 3));
    assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + ": image size does not match the network's input:"
        + " expected 32×32×3, found 28×28×1", e.getMessage());
  }

  @Test
  void missingFiles() throws IOException {
    writeFolder(dir, 4, 28, 28, true);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> IdxSource.load(dir, null, 28, 28, 1, 0));
    assertEquals("missing IDX file in " + dir.toAbsolutePath() + ": looked for t10k-labels-idx1-ubyte.gz and"
        + " t10k-labels-idx1-ubyte", e.getMessage());

    DataNotFoundException e2 = assertThrows(DataNotFoundException.class, () -> Idx.readLabels(dir.resolve("nope")));
    assertEquals("missing IDX labels file: " + dir.resolve("nope").toAbsolutePath(), e2.getMessage());

    // Three files of four are not an IDX folder, and no other kind either.
    DataNotFoundException e3 = assertThrows(DataNotFoundException.class, () -> DataSets.open(dir.toString(), 28, 28, 1));
    assertTrue(e3.getMessage().startsWith("folder " + dir.toAbsolutePath() + " holds no known data set: expected"
        + " the four IDX files"), e3.getMessage());
  }

  @Test
  void unknownName() {
    DataNotFoundException e = assertThrows(DataNotFoundException.class,
        () -> DataSets.open("no-such-set-xyz", 28, 28, 1));
    assertTrue(e.getMessage().startsWith("no data set 'no-such-set-xyz': not a known name (fashion-mnist, cifar10)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("/usr/share/datasets/no-such-set-xyz"), e.getMessage());
  }

  @Test
  void folderRoundTripWithClassesFile() throws IOException {
    writeFolder(dir, 30, 6, 5, false);
    Files.writeString(dir.resolve("classes.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
    DataSplits s = DataSets.open(dir.toString(), 6, 5, 1);
    assertEquals(30, s.train().size());
    assertEquals(30, s.test().size());
    assertEquals("c", s.classNames().get(2));
    assertEquals(7, s.train().label(17));
    byte[] p = pixels(30, 6, 5);
    assertEquals(p[17 * 30 + 4 * 5 + 3] & 0xff, s.train().pixel(17, 4, 3, 0));
    assertTrue(s.description().startsWith("IDX files from " + dir), s.description());
  }
}
