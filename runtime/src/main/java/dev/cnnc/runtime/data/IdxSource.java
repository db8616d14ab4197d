package dev.cnnc.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder with the four standard MNIST-style IDX files, each gzip-compressed or not:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}. An optional {@code classes.txt} (one name per line) names the
 * classes.
 */
final class IdxSource {
  static final String[] FILES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  private IdxSource() {}

  /** True when all four files are present (gz or not). */
  static boolean looksLike(Path dir) {
    for (String f : FILES) {
      if (find(dir, f) == null) {
        return false;
      }
    }
    return true;
  }

  /** Returns train and test data sets (not yet normalised). */
  static Dataset[] load(Path dir, List<String> names, int h, int w, int c, int classes) throws IOException {
    Path trainImages = require(dir, FILES[0]);
    Path trainLabels = require(dir, FILES[1]);
    Path testImages = require(dir, FILES[2]);
    Path testLabels = require(dir, FILES[3]);
    if (names == null) {
      names = classNamesFile(dir);
    }
    Idx.Images tri = images(trainImages, h, w, c);
    Idx.Images tei = images(testImages, h, w, c);
    byte[] trl = labels(trainLabels, tri, classes, names);
    byte[] tel = labels(testLabels, tei, classes, names);
    if (names == null) {
      names = Dataset.numberedClasses(Math.max(classes, Labels.max(trl, tel) + 1));
    }
    return new Dataset[] {
      Dataset.of(tri.pixels(), trl, h, w, c, names), Dataset.of(tei.pixels(), tel, h, w, c, names)
    };
  }

  private static Idx.Images images(Path file, int h, int w, int c) throws IOException {
    Idx.Images im = Idx.readImages(file);
    if (im.rows() != h || im.cols() != w || c != 1) {
      throw DataFormatException.of(file, "image size does not match the network's input",
          DataFormatException.shape(h, w, c), DataFormatException.shape(im.rows(), im.cols(), 1));
    }
    return im;
  }

  private static byte[] labels(Path file, Idx.Images images, int classes, List<String> names) throws IOException {
    byte[] labels = Idx.readLabels(file);
    if (labels.length != images.count()) {
      throw DataFormatException.atByte(file, 4, "label count does not match the image count of "
          + images.file().getFileName(), images.count(), labels.length);
    }
    Labels.checkRange(file, labels, 8, 1, Labels.bound(classes, names), Labels.why(classes, names));
    return labels;
  }

  static List<String> classNamesFile(Path dir) throws IOException {
    Path f = dir.resolve("classes.txt");
    if (!Files.isRegularFile(f)) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    return names.isEmpty() ? null : names;
  }

  private static Path require(Path dir, String base) throws DataNotFoundException {
    Path p = find(dir, base);
    if (p == null) {
      throw new DataNotFoundException("missing IDX file in " + dir.toAbsolutePath() + ": looked for "
          + base + ".gz and " + base);
    }
    return p;
  }

  static Path find(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
