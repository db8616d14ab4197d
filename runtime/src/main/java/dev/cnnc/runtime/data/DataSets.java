package dev.cnnc.runtime.data;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opens a data set by name or path for a network with input H×W×C:
 * <ul>
 *   <li>{@code fashion-mnist}: {@code /usr/share/datasets/fashion-mnist} (Debian package
 *       {@code dataset-fashion-mnist}) or {@code $CNNC_DATA/fashion-mnist}; when neither exists, the
 *       committed 5,000/1,000 sample {@code data/fashion-mnist-sample} (found via the system
 *       property {@code cnnc.home}, or searching upward from the working directory and from this
 *       library's location), flagged by {@link DataSplits#isSample()}.
 *   <li>{@code cifar10}: {@code /usr/share/datasets/cifar10} or {@code $CNNC_DATA/cifar10}
 *       (each optionally with a {@code cifar-10-batches-bin} sub-folder).
 *   <li>any other name: a folder of that name under those two roots; or a path to a folder holding
 *       the four IDX files, CIFAR-10 binary batches, or one sub-folder of images per class.
 * </ul>
 * Train and test are normalised with the train split's per-channel mean and std.
 */
public final class DataSets {
  static final Path SYSTEM_ROOT = Path.of("/usr/share/datasets");
  static final String SAMPLE = "data/fashion-mnist-sample";
  static final List<String> FASHION_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private DataSets() {}

  /** {@link #open(String, int, int, int, int)} without a class-count check. */
  public static DataSplits open(String spec, int h, int w, int c) throws IOException {
    return open(spec, h, w, c, 0);
  }

  /**
   * Loads train and test splits sized for the network's input. {@code classes} is the network's
   * output count (labels must be below it), or 0 to skip that check.
   *
   * @throws DataNotFoundException nothing matches spec (the message lists where it looked)
   * @throws DataFormatException a file is corrupt or does not fit the network
   */
  public static DataSplits open(String spec, int h, int w, int c, int classes) throws IOException {
    String key = spec.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "fashion-mnist", "fashion_mnist", "fashionmnist" -> {
        return fashionMnist(roots("fashion-mnist"), h, w, c, classes);
      }
      case "cifar10", "cifar-10", "cifar_10" -> {
        return cifar10(h, w, c, classes);
      }
      default -> {
        return path(spec, h, w, c, classes);
      }
    }
  }

  /** Fashion-MNIST from the first of roots holding it, else the committed sample. */
  static DataSplits fashionMnist(List<Path> roots, int h, int w, int c, int classes) throws IOException {
    for (Path dir : roots) {
      if (IdxSource.looksLike(dir)) {
        Dataset[] d = IdxSource.load(dir, FASHION_NAMES, h, w, c, classes);
        return finish(d, "Fashion-MNIST from " + dir + counts(d), false);
      }
    }
    Path sample = findSample();
    if (sample != null) {
      Dataset[] d = IdxSource.load(sample, FASHION_NAMES, h, w, c, classes);
      return finish(d, "Fashion-MNIST sample from " + sample + counts(d)
          + "; for the full 60000/10000 set: apt-get install dataset-fashion-mnist", true);
    }
    throw new DataNotFoundException("Fashion-MNIST not found: looked for the four IDX files "
        + "(train-images-idx3-ubyte.gz, …) in " + roots + " and for the sample folder " + SAMPLE
        + " (system property cnnc.home, the working directory and its parents). Fix: apt-get install "
        + "dataset-fashion-mnist, or copy the files into $CNNC_DATA/fashion-mnist, or run from the cnnc "
        + "checkout (-Dcnnc.home=/path/to/cnnc)");
  }

  private static DataSplits cifar10(int h, int w, int c, int classes) throws IOException {
    List<Path> roots = roots("cifar10");
    for (Path dir : roots) {
      Path batches = Files.isDirectory(dir) ? Cifar10Source.locate(dir) : null;
      if (batches != null) {
        Dataset[] d = Cifar10Source.load(batches, h, w, c, classes);
        return finish(d, "CIFAR-10 from " + batches + counts(d), false);
      }
    }
    throw new DataNotFoundException("CIFAR-10 not found: looked for data_batch_1.bin … test_batch.bin in "
        + roots + " (and their cifar-10-batches-bin sub-folders). Fix: download "
        + "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz and extract it into $CNNC_DATA/cifar10");
  }

  private static DataSplits path(String spec, int h, int w, int c, int classes) throws IOException {
    List<Path> tried = new ArrayList<>();
    Path dir = null;
    Path direct = Path.of(spec);
    tried.add(direct.toAbsolutePath());
    if (Files.isDirectory(direct)) {
      dir = direct;
    } else if (!spec.contains("/") && !spec.contains("\\")) {
      for (Path root : roots(spec)) {
        tried.add(root);
        if (Files.isDirectory(root)) {
          dir = root;
          break;
        }
      }
    }
    if (dir == null) {
      throw new DataNotFoundException("no data set '" + spec + "': not a known name (fashion-mnist, cifar10)"
          + " and no such folder; looked in " + tried + ". Fix: pass a folder holding the four IDX files,"
          + " CIFAR-10 binary batches or one sub-folder of images per class, or set CNNC_DATA");
    }
    if (IdxSource.looksLike(dir)) {
      Dataset[] d = IdxSource.load(dir, null, h, w, c, classes);
      return finish(d, "IDX files from " + dir + counts(d), false);
    }
    Path cifar = Cifar10Source.locate(dir);
    if (cifar != null) {
      Dataset[] d = Cifar10Source.load(cifar, h, w, c, classes);
      return finish(d, "CIFAR-10 batches from " + cifar + counts(d), false);
    }
    Path[] splits = ImageFolderSource.locate(dir);
    if (splits != null) {
      Dataset[] d = ImageFolderSource.load(splits, h, w, c, classes);
      String note = splits[1] == null ? " (no test/ folder: the test split is empty)" : "";
      return finish(d, "images from " + dir + counts(d) + note, false);
    }
    throw new DataNotFoundException("folder " + dir.toAbsolutePath() + " holds no known data set: expected"
        + " the four IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
        + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), CIFAR-10 binary batches"
        + " (data_batch_1.bin … data_batch_5.bin, test_batch.bin) or one sub-folder of PNG/JPEG images per class");
  }

  private static DataSplits finish(Dataset[] d, String description, boolean sample) {
    Normalization n = Normalization.compute(d[0]);
    return new DataSplits(d[0].withNormalization(n), d[1].withNormalization(n), description, sample);
  }

  private static String counts(Dataset[] d) {
    return " (" + d[0].size() + " train, " + d[1].size() + " test)";
  }

  /** Candidate folders for a named data set: the system root, then $CNNC_DATA. */
  static List<Path> roots(String name) {
    List<Path> out = new ArrayList<>();
    out.add(SYSTEM_ROOT.resolve(name));
    String env = System.getenv("CNNC_DATA");
    if (env != null && !env.isBlank()) {
      out.add(Path.of(env).resolve(name));
    }
    return out;
  }

  /**
   * The committed Fashion-MNIST sample folder, or null: {@code $cnnc.home/data/…}, then upward from
   * the working directory, then upward from the directory this class was loaded from.
   */
  static Path findSample() {
    Set<Path> starts = new LinkedHashSet<>();
    for (String prop : new String[] {"cnnc.home", "cnnc.root"}) {
      String v = System.getProperty(prop);
      if (v != null && !v.isBlank()) {
        Path p = Path.of(v).resolve(SAMPLE);
        if (IdxSource.looksLike(p)) {
          return p.toAbsolutePath().normalize();
        }
      }
    }
    starts.add(Path.of("").toAbsolutePath());
    try {
      CodeSource cs = DataSets.class.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        starts.add(Path.of(cs.getLocation().toURI()).toAbsolutePath());
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      // No usable code location (e.g. a custom class loader): the working directory suffices.
    }
    for (Path start : starts) {
      for (Path d = start; d != null; d = d.getParent()) {
        Path p = d.resolve(SAMPLE);
        if (IdxSource.looksLike(p)) {
          return p.normalize();
        }
      }
    }
    return null;
  }
}
