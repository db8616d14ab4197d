package example;

import dev.cnnc.runtime.data.DataSets;
import dev.cnnc.runtime.data.DataSplits;
import dev.cnnc.runtime.train.EpochMetrics;
import dev.cnnc.runtime.train.TrainConfig;
import dev.cnnc.runtime.train.Trainer;
import dev.cnnc.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the generated {@link Fashion} network on Fashion-MNIST and prints its test accuracy.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... example.TrainFashion [--epochs N] [--batch N] [--data fashion-mnist|DIR] [--out DIR]
 * </pre>
 *
 * The weights, checkpoint, metrics and curves go to {@code --out} (default {@code target/fashion-run},
 * beside the build's other outputs).
 *
 * {@code fashion-mnist} is the Debian data set when installed, else the 5,000/1,000-image sample
 * of the cnnc repository (found from the working folder upward, or via {@code -Dcnnc.home}).
 */
public final class TrainFashion {
  private TrainFashion() {}

  public static void main(String[] args) throws Exception {
    int epochs = 1;
    int batch = 32;
    String data = "fashion-mnist";
    Path out = Path.of("target", "fashion-run");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--data" -> data = args[++i];
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: TrainFashion [--epochs N] [--batch N] [--data fashion-mnist|DIR] [--out DIR]");
          System.exit(2);
        }
      }
    }
    Fashion model = new Fashion(batch, 42L);
    int[] in = model.inputShape();
    DataSplits splits = DataSets.open(data, in[0], in[1], in[2], 10);
    System.out.println("data: " + splits.description());

    Files.createDirectories(out);
    TrainConfig cfg = TrainConfig.builder().epochs(epochs).batch(batch).seed(42).out(out).build();
    Trainer.Result result = new Trainer(model, cfg, new TrainingListener() {
      @Override
      public void epochEnded(EpochMetrics m, int total) {
        System.out.println(m.describe(total));
      }
    }).fit(splits);

    EpochMetrics last = result.history().get(result.history().size() - 1);
    System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", last.testAcc());
    System.out.println("weights: " + out.resolve(Trainer.WEIGHTS));
  }
}
