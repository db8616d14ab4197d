package dev.cnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
  @TempDir Path dir;

  @Test
  void fashionMnistSampleFallback() throws IOException {
    assertNotNull(DataSets.findSample(), "data/fashion-mnist-sample not found from " + Path.of("").toAbsolutePath());
    DataSplits s = DataSets.fashionMnist(List.of(dir.resolve("absent")), 28, 28, 1, 10);
    assertTrue(s.isSample());
    assertTrue(s.description().startsWith("Fashion-MNIST sample from "), s.description());
    assertTrue(s.description().contains("apt-get install dataset-fashion-mnist"), s.description());
    assertEquals(5000, s.train().size());
    assertEquals(1000, s.test().size());
    assertEquals("Ankle boot", s.classNames().get(9));
    // Normalised with the train split's statistics: about zero mean, unit variance.
    Normalization n = s.normalization();
    assertEquals(0.286, n.mean()[0], 0.02);
    assertEquals(0.353, n.std()[0], 0.02);
    float[] x = new float[784];
    double sum = 0;
    for (int i = 0; i < 200; i++) {
      s.train().copySample(i, x, 0);
      for (float v : x) {
        sum += v;
      }
    }
    assertEquals(0, sum / (200 * 784), 0.15);
  }

  @Test
  void fashionMnistInstalledOrSample() throws IOException {
    DataSplits s = DataSets.open("fashion-mnist", 28, 28, 1);
    if (Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))) {
      assertFalse(s.isSample());
      assertEquals(60000, s.train().size());
      assertEquals(10000, s.test().size());
    } else {
      assertTrue(s.isSample());
    }
  }

  @Test
  void missingCifarSaysHowToFix() {
    if (Files.isDirectory(Path.of("/usr/share/datasets/cifar10")) || System.getenv("CNNC_DATA") != null) {
      return;
    }
    DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> DataSets.open("cifar10", 32, 32, 3));
    assertTrue(e.getMessage().startsWith("CIFAR-10 not found: looked for data_batch_1.bin … test_batch.bin in"
        + " [/usr/share/datasets/cifar10]"), e.getMessage());
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
  }

  private static byte[] cifarBatch(int records, int labelBase) {
    byte[] b = new byte[records * Cifar10Source.RECORD];
    for (int r = 0; r < records; r++) {
      int base = r * Cifar10Source.RECORD;
      b[base] = (byte) ((labelBase + r) % 10);
      for (int ch = 0; ch < 3; ch++) {
        for (int p = 0; p < 1024; p++) {
          b[base + 1 + ch * 1024 + p] = (byte) (r + 50 * ch + p);
        }
      }
    }
    return b;
  }

  @Test
  void cifarBatchesConvertChwToHwc() throws IOException {
    Path d = dir.resolve("cifar-10-batches-bin");
    Files.createDirectories(d);
    for (int i = 1; i <= 5; i++) {
      Files.write(d.resolve("data_batch_" + i + ".bin"), cifarBatch(3, i));
    }
    Files.write(d.resolve("test_batch.bin"), cifarBatch(2, 0));
    DataSplits s = DataSets.open(dir.toString(), 32, 32, 3);
    assertEquals(15, s.train().size());
    assertEquals(2, s.test().size());
    assertEquals("cat", s.classNames().get(3));
    // Train sample 4 is record 1 of data_batch_2: label (2 + 1) % 10, pixel (y, x, ch) = 1 + 50ch + 32y + x.
    assertEquals(3, s.train().label(4));
    assertEquals((1 + 50 * 2 + 32 * 5 + 7) & 0xff, s.train().pixel(4, 5, 7, 2));
    assertEquals((1 + 32 * 5 + 7) & 0xff, s.train().pixel(4, 5, 7, 0));

    DataFormatException size = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 28, 28, 1));
    assertTrue(size.getMessage().endsWith("image size does not match the network's input: expected 28×28×1,"
        + " found 32×32×3"), size.getMessage());

    byte[] bad = cifarBatch(2, 0);
    bad[Cifar10Source.RECORD] = 10;
    Files.write(d.resolve("test_batch.bin"), bad);
    DataFormatException range = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 32, 32, 3));
    assertEquals(d.resolve("test_batch.bin") + ": label out of range at index 1 (byte 3073): expected 0..9"
        + " (10 class names), found 10", range.getMessage());

    Files.write(d.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(cifarBatch(3, 0), 3 * 3073 - 5));
    DataFormatException trunc = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 32, 32, 3));
    assertEquals(d.resolve("data_batch_3.bin") + ": truncated or padded at byte 6146: expected a positive multiple"
        + " of 3073 bytes (1 label + 3072 pixels per record), found 9214 bytes", trunc.getMessage());

    Files.delete(d.resolve("data_batch_5.bin"));
    DataNotFoundException missing = assertThrows(DataNotFoundException.class, () -> DataSets.open(dir.toString(), 32, 32, 3));
    assertTrue(missing.getMessage().startsWith("missing CIFAR-10 batch " + d.resolve("data_batch_5.bin").toAbsolutePath()),
        missing.getMessage());
  }

  private static void png(Path file, int w, int h, int rgb) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void imageFolderResizesAndConverts() throws IOException {
    png(dir.resolve("train/cat/1.png"), 20, 10, 0xff0000);
    png(dir.resolve("train/cat/2.png"), 7, 9, 0x00ff00);
    png(dir.resolve("train/dog/a.png"), 3, 3, 0x0000ff);
    png(dir.resolve("test/dog/b.png"), 64, 64, 0x808080);
    Files.writeString(dir.resolve("train/dog/notes.txt"), "ignored");
    DataSplits rgb = DataSets.open(dir.toString(), 8, 6, 3, 2);
    assertEquals(List.of("cat", "dog"), rgb.classNames());
    assertEquals(3, rgb.train().size());
    assertEquals(1, rgb.test().size());
    Dataset t = rgb.train();
    assertEquals(0, t.label(0));
    assertEquals(1, t.label(2));
    assertEquals(255, t.pixel(0, 7, 5, 0));
    assertEquals(0, t.pixel(0, 7, 5, 1));
    assertEquals(255, t.pixel(1, 3, 2, 1));
    assertEquals(255, t.pixel(2, 0, 0, 2));
    assertEquals(128, rgb.test().pixel(0, 4, 4, 1));

    DataSplits grey = DataSets.open(dir.toString(), 5, 5, 1);
    assertEquals(Math.round(0.299f * 255), grey.train().pixel(0, 2, 2, 0));
    assertEquals(Math.round(0.587f * 255), grey.train().pixel(1, 2, 2, 0));

    DataFormatException classes = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 5, 5, 1, 1));
    assertEquals(dir.resolve("train") + ": more class folders than the network has outputs: expected at most 1,"
        + " found 2 [cat, dog]", classes.getMessage());
  }

  @Test
  void bilinearResize() {
    // A 2×2 ramp upsampled to 4×4 with half-pixel centres: edges clamp, the middle interpolates.
    float[] src = {0, 100, 100, 200};
    byte[] dst = new byte[16];
    ImageFolderSource.resize(src, 2, 2, dst, 0, 4, 4, 1);
    int[] row0 = new int[4];
    for (int x = 0; x < 4; x++) {
      row0[x] = dst[x] & 0xff;
    }
    assertEquals(List.of(0, 25, 75, 100), List.of(row0[0], row0[1], row0[2], row0[3]));
    assertEquals(200, dst[15] & 0xff);
  }

  @Test
  void imageFolderUnreadableFile() throws IOException {
    png(dir.resolve("a/1.png"), 4, 4, 0);
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/broken.png"), "not a png");
    DataFormatException e = assertThrows(DataFormatException.class, () -> DataSets.open(dir.toString(), 4, 4, 1));
    assertTrue(e.getMessage().startsWith(dir.resolve("b/broken.png") + ": unreadable image"), e.getMessage());
  }
}
