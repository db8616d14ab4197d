package dev.cnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.checkpoint.Checkpoint;
import dev.cnnc.runtime.data.DataSets;
import dev.cnnc.runtime.data.DataSplits;
import dev.cnnc.runtime.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  static DataSplits data;
  /** 1,024 training images: enough to see learning, fast enough for several runs. */
  static Dataset small;
  static Dataset smallTest;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() throws IOException {
    data = DataSets.open("fashion-mnist", 28, 28, 1, 10);
    small = data.train().subset(0, 1024);
    smallTest = data.test().subset(0, 256);
  }

  static TrainConfig.Builder config(Path out, int epochs) {
    return TrainConfig.builder().epochs(epochs).batch(64).set("optimizer", "adam(lr=0.003)")
        .set("threads", "2").seed(11).out(out);
  }

  @Test
  void learnsFashionMnistSample() throws IOException {
    TinyModel m = new TinyModel(28, 28, 4, 10, 0.1f, 64);
    Dataset test = data.test().subset(0, 500);
    Trainer.Result r = new Trainer(m, config(tmp, 2).set("validation", "0.1").build(), null)
        .fit(data.train().subset(0, 2200), test);
    EpochMetrics last = r.history().get(1);
    // Chance is 10%.
    assertTrue(last.testAcc() > 0.65, "test accuracy " + last.testAcc());
    assertTrue(last.valAcc() > 0.65, "validation accuracy " + last.valAcc());
    assertTrue(last.trainLoss() < r.history().get(0).trainLoss());
    List<String> lines = Files.readAllLines(tmp.resolve("metrics.jsonl"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).startsWith("{\"epoch\": 2, \"train_loss\": "), lines.get(1));
    assertTrue(Files.readString(tmp.resolve("curves.svg")).contains("<polyline"));
    Checkpoint ck = Checkpoint.read(tmp.resolve(Trainer.CHECKPOINT));
    assertEquals("2", ck.get("epoch"));
    assertFalse(ck.optimizerState().isEmpty());
    Checkpoint w = Checkpoint.read(tmp.resolve(Trainer.WEIGHTS));
    assertTrue(w.optimizerState().isEmpty());
    assertTrue(w.get("cnnc.normalization").startsWith("mean="));

    TinyModel fresh = new TinyModel(28, 28, 4, 10, 0.1f, 32);
    ModelWeights.Info info = ModelWeights.load(tmp.resolve(Trainer.WEIGHTS), fresh);
    assertEquals(10, info.classNames().size());
    Evaluation e = Evaluator.evaluate(fresh, test.withNormalization(info.normalization()), 100, LossKind.CROSSENTROPY);
    assertEquals(last.testAcc(), e.accuracy(), 1e-9);
    int total = 0;
    for (int[] row : e.confusion()) {
      for (int v : row) {
        total += v;
      }
    }
    assertEquals(test.size(), total);
    assertTrue(e.top5() >= e.accuracy());
  }

  @Test
  void resumeAfterAnEpochIsBitIdentical() throws IOException {
    Path a = tmp.resolve("a");
    new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(a, 2).build(), null).fit(small, smallTest);
    Path b = tmp.resolve("b");
    new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(b, 1).build(), null).fit(small, smallTest);
    new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(b, 2).resume(true).build(), null).fit(small, smallTest);
    assertSameFiles(a, b);
    assertEquals(2, Files.readAllLines(b.resolve("metrics.jsonl")).size());
  }

  @Test
  void stopMidEpochThenResumeIsBitIdentical() throws IOException {
    Path a = tmp.resolve("a");
    List<EpochMetrics> full = new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(a, 2).build(), null)
        .fit(small, smallTest).history();
    Path b = tmp.resolve("b");
    Trainer[] t = new Trainer[1];
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void step(Step s) {
        if (s.epoch() == 2 && s.batch() == 5) {
          t[0].requestStop();
        }
      }
    };
    t[0] = new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(b, 2).build(), stopper);
    assertThrows(TrainingInterruptedException.class, () -> t[0].fit(small, smallTest));
    Checkpoint ck = Checkpoint.read(b.resolve(Trainer.CHECKPOINT));
    assertEquals("1", ck.get("epoch"));
    assertEquals("5", ck.get("epoch_batch"));
    List<EpochMetrics> resumed = new Trainer(new TinyModel(28, 28, 4, 10, 0.25f, 64), config(b, 2).resume(true).build(), null)
        .fit(small, smallTest).history();
    assertSameFiles(a, b);
    assertEquals(full.get(1).trainLoss(), resumed.get(1).trainLoss(), 1e-12);
    assertEquals(full.get(1).trainAcc(), resumed.get(1).trainAcc(), 1e-12);
  }

  @Test
  void nanLossStopsWithTheStepAndKeepsTheLastCheckpoint() throws IOException {
    TinyModel m = new TinyModel(28, 28, 4, 10, 0f, 64);
    m.nanAtForward = 20; // 16 steps per epoch: step 21 is in epoch 2
    Trainer t = new Trainer(m, config(tmp, 3).build(), null);
    DivergedException e = assertThrows(DivergedException.class, () -> t.fit(small, smallTest));
    assertEquals(21, e.step());
    assertEquals(2, e.epoch());
    assertTrue(e.getMessage().contains("step 21 (epoch 2, batch 5)"), e.getMessage());
    assertTrue(e.getMessage().contains("--lr"), e.getMessage());
    assertTrue(e.getMessage().contains("is kept"), e.getMessage());
    Checkpoint ck = Checkpoint.read(tmp.resolve(Trainer.CHECKPOINT));
    assertEquals("1", ck.get("epoch"));
    assertEquals("16", ck.get("step"));
    assertFalse(Files.exists(tmp.resolve(Trainer.WEIGHTS)));
  }

  @Test
  void resumeRejectsAnotherBatchSize() throws IOException {
    new Trainer(new TinyModel(28, 28, 4, 10, 0f, 64), config(tmp, 1).build(), null).fit(small, smallTest);
    TrainConfigException e = assertThrows(TrainConfigException.class, () -> new Trainer(
        new TinyModel(28, 28, 4, 10, 0f, 64), config(tmp, 2).batch(32).resume(true).build(), null).fit(small, smallTest));
    assertEquals("batch", e.key());
  }

  @Test
  void batchLargerThanTheModelIsAConfigError() {
    TrainConfigException e = assertThrows(TrainConfigException.class, () -> new Trainer(
        new TinyModel(28, 28, 4, 10, 0f, 16), config(tmp, 1).build(), null).fit(small, smallTest));
    assertTrue(e.getMessage().contains("at most 16"), e.getMessage());
  }

  @Test
  void predictorGivesProbabilities() throws IOException {
    TinyModel m = new TinyModel(28, 28, 4, 10, 0f, 8);
    m.initialize(1);
    var x = dev.cnnc.runtime.tensor.Tensor.zeros(20, 28, 28, 1);
    for (int i = 0; i < 20; i++) {
      small.copySample(i, x.data, i * 784);
    }
    float[][] p = new Predictor(m).probabilities(x);
    assertEquals(20, p.length);
    double sum = 0;
    for (float v : p[19]) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5);
    int[] top = Predictor.top(p[0], 3);
    assertTrue(p[0][top[0]] >= p[0][top[1]] && p[0][top[1]] >= p[0][top[2]]);
  }

  static void assertSameFiles(Path a, Path b) throws IOException {
    for (String f : new String[] {Trainer.WEIGHTS, Trainer.CHECKPOINT}) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
    }
  }
}
