package dev.cnnc.runtime.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rebuilds {@code data/fashion-mnist-sample}: the first 5,000 training and first 1,000 test images
 * and labels of Fashion-MNIST, as the four standard gzip IDX files plus {@code classes.txt}. The
 * output is byte-for-byte reproducible (gzip headers carry no timestamp).
 *
 * <pre>
 * mvn -q -pl runtime test-compile
 * java -cp runtime/target/classes:runtime/target/test-classes dev.cnnc.runtime.data.MakeSample \
 *     /usr/share/datasets/fashion-mnist data/fashion-mnist-sample
 * </pre>
 */
public final class MakeSample {
  static final int TRAIN = 5000;
  static final int TEST = 1000;

  private MakeSample() {}

  public static void main(String[] args) throws Exception {
    Path from = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
    Path to = Path.of(args.length > 1 ? args[1] : "data/fashion-mnist-sample");
    Files.createDirectories(to);
    copy(from, to, "train", TRAIN);
    copy(from, to, "t10k", TEST);
    Files.write(to.resolve("classes.txt"),
        (String.join("\n", DataSets.FASHION_NAMES) + "\n").getBytes(StandardCharsets.UTF_8));
    System.out.println("wrote " + TRAIN + " train and " + TEST + " test samples to " + to);
  }

  private static void copy(Path from, Path to, String split, int count) throws Exception {
    Idx.Images im = Idx.readImages(IdxSource.find(from, split + "-images-idx3-ubyte"));
    byte[] labels = Idx.readLabels(IdxSource.find(from, split + "-labels-idx1-ubyte"));
    if (im.count() < count || labels.length < count) {
      throw new IllegalStateException(from + " holds fewer than " + count + " " + split + " samples");
    }
    Idx.writeImages(to.resolve(split + "-images-idx3-ubyte.gz"), count, im.rows(), im.cols(), im.pixels(), 0, true);
    Idx.writeLabels(to.resolve(split + "-labels-idx1-ubyte.gz"), labels, 0, count, true);
  }
}
