package dev.cnnc.runtime.train;

import dev.cnnc.runtime.data.DataSets;
import dev.cnnc.runtime.data.DataSplits;
import java.nio.file.Path;

/**
 * A training process for {@link KillResumeTest}: TinyModel on 512 sample images, 2 threads.
 * Args: OUT EPOCHS RESUME SLEEP_MS. Prints "step EPOCH BATCH" after every step so the test knows
 * when to kill it; the sleep only slows the loop down, it does not change any number.
 */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int epochs = Integer.parseInt(args[1]);
    boolean resume = Boolean.parseBoolean(args[2]);
    long sleep = Long.parseLong(args[3]);
    DataSplits data = DataSets.open(Path.of(System.getProperty("cnnc.root"), "data", "fashion-mnist-sample").toString(),
        28, 28, 1, 10);
    TrainingListener printer = new TrainingListener() {
      @Override
      public void step(Step s) {
        System.out.println("step " + s.epoch() + " " + s.batch());
        System.out.flush();
        if (sleep > 0) {
          try {
            Thread.sleep(sleep);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void message(String text) {
        System.out.println(text);
        System.out.flush();
      }
    };
    Trainer t = new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64),
        TrainerTest.config(out, epochs).resume(resume).build(), printer);
    try (AutoCloseable hook = t.stopOnShutdown()) {
      t.fit(data.train().subset(0, 512), data.test().subset(0, 128));
    } catch (TrainingInterruptedException e) {
      System.out.println("stopped");
      return;
    }
    System.out.println("done");
  }
}
