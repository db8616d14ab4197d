package dev.cnnc.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 binary version: {@code data_batch_1.bin} … {@code data_batch_5.bin} and
 * {@code test_batch.bin}, records of 1 label byte and 3072 pixel bytes in CHW order (1024 red, 1024
 * green, 1024 blue, rows top to bottom). Converted to HWC here, since the runtime is NHWC.
 */
final class Cifar10Source {
  static final int SIDE = 32;
  static final int RECORD = 1 + 3 * SIDE * SIDE;
  static final List<String> NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
      "frog", "horse", "ship", "truck");

  private Cifar10Source() {}

  /** The folder holding the batches: dir itself or its {@code cifar-10-batches-bin}, else null. */
  static Path locate(Path dir) {
    for (Path d : new Path[] {dir, dir.resolve("cifar-10-batches-bin")}) {
      if (Files.isRegularFile(d.resolve("data_batch_1.bin")) || Files.isRegularFile(d.resolve("test_batch.bin"))) {
        return d;
      }
    }
    return null;
  }

  static Dataset[] load(Path dir, int h, int w, int c, int classes) throws IOException {
    if (h != SIDE || w != SIDE || c != 3) {
      throw DataFormatException.of(dir.resolve("data_batch_1.bin"), "image size does not match the network's input",
          DataFormatException.shape(h, w, c), DataFormatException.shape(SIDE, SIDE, 3));
    }
    List<String> names = namesFile(dir);
    List<Path> train = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      train.add(require(dir, "data_batch_" + i + ".bin"));
    }
    Dataset tr = read(train, names, classes);
    Dataset te = read(List.of(require(dir, "test_batch.bin")), names, classes);
    return new Dataset[] {tr, te};
  }

  private static Dataset read(List<Path> files, List<String> names, int classes) throws IOException {
    List<byte[]> contents = new ArrayList<>();
    int records = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length % RECORD != 0 || bytes.length == 0) {
        throw new DataFormatException(f + ": truncated or padded at byte " + (bytes.length / RECORD) * RECORD
            + ": expected a positive multiple of " + RECORD + " bytes (1 label + 3072 pixels per record), found "
            + bytes.length + " bytes");
      }
      contents.add(bytes);
      records += bytes.length / RECORD;
    }
    int plane = SIDE * SIDE;
    byte[] pixels = new byte[records * 3 * plane];
    byte[] labels = new byte[records];
    int r = 0;
    int bound = Labels.bound(classes, names);
    for (int fi = 0; fi < files.size(); fi++) {
      byte[] bytes = contents.get(fi);
      int n = bytes.length / RECORD;
      byte[] fileLabels = new byte[n];
      for (int k = 0; k < n; k++, r++) {
        int base = k * RECORD;
        fileLabels[k] = bytes[base];
        labels[r] = bytes[base];
        int dst = r * 3 * plane;
        for (int p = 0; p < plane; p++) {
          pixels[dst + 3 * p] = bytes[base + 1 + p];
          pixels[dst + 3 * p + 1] = bytes[base + 1 + plane + p];
          pixels[dst + 3 * p + 2] = bytes[base + 1 + 2 * plane + p];
        }
      }
      Labels.checkRange(files.get(fi), fileLabels, 0, RECORD, bound, Labels.why(classes, names));
    }
    return Dataset.of(pixels, labels, SIDE, SIDE, 3, names);
  }

  /** batches.meta.txt (one class name per line) when present, else the standard ten names. */
  private static List<String> namesFile(Path dir) throws IOException {
    Path f = dir.resolve("batches.meta.txt");
    if (Files.isRegularFile(f)) {
      List<String> names = new ArrayList<>();
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      if (!names.isEmpty()) {
        return names;
      }
    }
    return NAMES;
  }

  private static Path require(Path dir, String name) throws DataNotFoundException {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new DataNotFoundException("missing CIFAR-10 batch " + p.toAbsolutePath()
          + ": expected data_batch_1.bin … data_batch_5.bin and test_batch.bin in " + dir.toAbsolutePath());
    }
    return p;
  }
}
