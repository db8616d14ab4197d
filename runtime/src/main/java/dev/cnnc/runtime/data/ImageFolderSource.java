package dev.cnnc.runtime.data;

import dev.cnnc.runtime.parallel.Parallel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Folders of PNG/JPEG images, one sub-folder per class (class names = sub-folder names, sorted).
 * {@code root/train} and {@code root/test} (or {@code root/val}) are the splits when present;
 * otherwise {@code root} itself is the train split and the test split is empty. Files are read in
 * sorted order (so sample indices are stable), resized with bilinear interpolation to the
 * network's H×W and converted to grey (ITU-R 601 luma) or RGB according to its C.
 */
final class ImageFolderSource {
  private ImageFolderSource() {}

  /** The split folders {train, test-or-null}, or null when dir has no class sub-folders. */
  static Path[] locate(Path dir) throws IOException {
    Path train = dir.resolve("train");
    if (Files.isDirectory(train) && !classDirs(train).isEmpty()) {
      for (String t : new String[] {"test", "val"}) {
        if (Files.isDirectory(dir.resolve(t))) {
          return new Path[] {train, dir.resolve(t)};
        }
      }
      return new Path[] {train, null};
    }
    return classDirs(dir).isEmpty() ? null : new Path[] {dir, null};
  }

  static Dataset[] load(Path[] splits, int h, int w, int c, int classes) throws IOException {
    if (c != 1 && c != 3) {
      throw DataFormatException.of(splits[0], "image folders give grey or RGB images",
          "an input with 1 or 3 channels", c + " channels");
    }
    List<Path> dirs = classDirs(splits[0]);
    List<String> names = new ArrayList<>();
    for (Path d : dirs) {
      names.add(d.getFileName().toString());
    }
    if (classes > 0 && names.size() > classes) {
      throw DataFormatException.of(splits[0], "more class folders than the network has outputs",
          "at most " + classes, names.size() + " " + names);
    }
    Dataset train = read(splits[0], names, h, w, c);
    Dataset test = splits[1] == null ? Dataset.of(new byte[0], new byte[0], h, w, c, names)
        : read(splits[1], names, h, w, c);
    return new Dataset[] {train, test};
  }

  private static Dataset read(Path root, List<String> names, int h, int w, int c) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Byte> labelList = new ArrayList<>();
    for (Path d : classDirs(root)) {
      String name = d.getFileName().toString();
      int label = names.indexOf(name);
      if (label < 0) {
        throw DataFormatException.of(d, "class folder not in the train split",
            "one of " + names, name);
      }
      try (Stream<Path> s = Files.list(d)) {
        for (Path f : s.filter(ImageFolderSource::isImage).sorted().toList()) {
          files.add(f);
          labelList.add((byte) label);
        }
      }
    }
    if (files.isEmpty()) {
      throw new DataNotFoundException("no PNG/JPEG images under " + root.toAbsolutePath()
          + ": expected one sub-folder per class holding *.png, *.jpg or *.jpeg files");
    }
    int size = h * w * c;
    byte[] pixels = new byte[files.size() * size];
    byte[] labels = new byte[files.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labelList.get(i);
    }
    try {
      // Decoding dominates; each image writes only its own slice, so the result is thread-count free.
      Parallel.forRange(files.size(), (chunk, from, to) -> {
        for (int i = from; i < to; i++) {
          try {
            decode(files.get(i), pixels, i * size, h, w, c);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return Dataset.of(pixels, labels, h, w, c, names);
  }

  static void decode(Path file, byte[] dst, int off, int h, int w, int c) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new DataFormatException(file + ": unreadable image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw DataFormatException.of(file, "unreadable image", "a PNG or JPEG file", "a format ImageIO cannot decode");
    }
    int sw = img.getWidth();
    int sh = img.getHeight();
    int[] argb = img.getRGB(0, 0, sw, sh, null, 0, sw);
    float[] src = new float[sw * sh * c];
    for (int p = 0; p < sw * sh; p++) {
      int r = argb[p] >> 16 & 0xff;
      int g = argb[p] >> 8 & 0xff;
      int b = argb[p] & 0xff;
      if (c == 1) {
        src[p] = 0.299f * r + 0.587f * g + 0.114f * b;
      } else {
        src[3 * p] = r;
        src[3 * p + 1] = g;
        src[3 * p + 2] = b;
      }
    }
    resize(src, sh, sw, dst, off, h, w, c);
  }

  /** Bilinear resize with half-pixel centres (as OpenCV's INTER_LINEAR), rounding to bytes. */
  static void resize(float[] src, int sh, int sw, byte[] dst, int off, int h, int w, int c) {
    float scaleY = (float) sh / h;
    float scaleX = (float) sw / w;
    for (int y = 0; y < h; y++) {
      float fy = Math.max(0f, (y + 0.5f) * scaleY - 0.5f);
      int y0 = Math.min((int) fy, sh - 1);
      int y1 = Math.min(y0 + 1, sh - 1);
      float ay = fy - y0;
      for (int x = 0; x < w; x++) {
        float fx = Math.max(0f, (x + 0.5f) * scaleX - 0.5f);
        int x0 = Math.min((int) fx, sw - 1);
        int x1 = Math.min(x0 + 1, sw - 1);
        float ax = fx - x0;
        for (int ch = 0; ch < c; ch++) {
          float top = src[(y0 * sw + x0) * c + ch] * (1 - ax) + src[(y0 * sw + x1) * c + ch] * ax;
          float bot = src[(y1 * sw + x0) * c + ch] * (1 - ax) + src[(y1 * sw + x1) * c + ch] * ax;
          int v = Math.round(top * (1 - ay) + bot * ay);
          dst[off + (y * w + x) * c + ch] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
  }

  static boolean isImage(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(f) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
  }

  static List<Path> classDirs(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }
}
