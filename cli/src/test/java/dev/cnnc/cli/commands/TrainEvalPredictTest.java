package dev.cnnc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cnnc.cli.LoadedModel;
import dev.cnnc.cli.Main;
import dev.cnnc.compiler.ir.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, eval and predict on a hand-written model (through the ModelSource seam): flows and exit codes. */
class TrainEvalPredictTest {
  @TempDir
  Path tmp;

  static Map<String, String> trainBlock = Map.of();
  static long nanAt = -1;

  @BeforeEach
  void useLinearModel() {
    trainBlock = Map.of("optimizer", "adam(lr=0.01)");
    nanAt = -1;
    ModelSource.loader = (spec, overrides, maxBatch, network, seed) ->
        new LoadedModel(new LinearModel(maxBatch, 10, nanAt), new TrainSettings(trainBlock), "Linear");
  }

  @AfterEach
  void restore() {
    ModelSource.loader = dev.cnnc.cli.ModelLoader::load;
  }

  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  /** The committed sample, whatever else is installed (the full set would make these tests slow). */
  static final String SAMPLE = Path.of(System.getProperty("cnnc.root"), "data", "fashion-mnist-sample").toString();

  /** cnnc train with defaults for the tests; extra flags (pairs, or --resume) replace them. */
  private String[] train(String... extra) {
    Map<String, String> flags = new java.util.LinkedHashMap<>(Map.of("--data", SAMPLE, "--epochs", "1", "--batch", "100",
        "--threads", "2", "--out", tmp.resolve("run").toString(), "--progress", "lines"));
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "linear.cnn"));
    for (int i = 0; i < extra.length; i++) {
      if (extra[i].equals("--resume")) {
        args.add("--resume");
      } else {
        flags.put(extra[i], extra[++i]);
      }
    }
    flags.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    return run(args.toArray(String[]::new));
  }

  @Test
  void trainThenEvalThenPredict() throws IOException {
    String[] r = train("--validation", "0.1");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("cnnc train: Java ") && r[2].contains("2 threads"), r[2]);
    assertTrue(r[2].contains("data: IDX files from"), r[2]);
    assertTrue(r[2].contains("epoch 1/1  loss "), r[2]);
    assertTrue(r[2].contains("optimizer=adam(lr=0.01)"), r[2]);
    assertTrue(r[1].contains("test accuracy "), r[1]);
    Path run = tmp.resolve("run");
    for (String f : new String[] {"model.safetensors", "checkpoint.safetensors", "metrics.jsonl", "curves.svg"}) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }

    String[] e = run("eval", "linear.cnn", "--weights", run.resolve("model.safetensors").toString(), "--data", SAMPLE,
        "--format", "json");
    assertEquals("0", e[0], e[2]);
    JsonObject j = JsonParser.parseString(e[1]).getAsJsonObject();
    assertTrue(j.get("accuracy").getAsDouble() > 0.6, e[1]);
    assertTrue(j.get("top5").getAsDouble() >= j.get("accuracy").getAsDouble());
    assertEquals(10, j.getAsJsonArray("confusion").size());
    assertEquals(1000, j.get("samples").getAsInt());

    String[] text = run("eval", "linear.cnn", "--weights", run.resolve("checkpoint.safetensors").toString(), "--data", SAMPLE);
    assertEquals("0", text[0], text[2]);
    assertTrue(text[1].contains("accuracy  ") && text[1].contains(" 9 Ankle boot"), text[1]);

    Path images = Files.list(Path.of(SAMPLE)).filter(p -> p.getFileName().toString().startsWith("t10k-images")).findFirst().orElseThrow();
    String[] p = run("predict", "linear.cnn", "--weights", run.resolve("model.safetensors").toString(), "--idx", images.toString(),
        "--top", "3", "--format", "json");
    assertEquals("0", p[0], p[2]);
    JsonObject pj = JsonParser.parseString(p[1]).getAsJsonObject();
    assertEquals(1000, pj.getAsJsonArray("predictions").size());
    assertEquals(3, pj.getAsJsonArray("predictions").get(0).getAsJsonObject().getAsJsonArray("top").size());
    String[] pt = run("predict", "linear.cnn", "--weights", run.resolve("model.safetensors").toString(), "--idx", images.toString());
    assertTrue(pt[1].lines().findFirst().orElse("").matches(".*#0: .+ \\(\\d\\) \\d+\\.\\d%"), pt[1]);
  }

  @Test
  void resumeContinuesAndSaysSo() {
    assertEquals("0", train()[0]);
    String[] r = train("--epochs", "2", "--resume");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("resuming from ") && r[2].contains("after epoch 1"), r[2]);
    assertTrue(r[2].contains("epoch 2/2"), r[2]);
  }

  @Test
  void badFlagsAreUsageErrors() {
    String[] r = train("--optimizer", "adan(lr=1)");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("error: optimizer = adan(lr=1): unknown optimizer 'adan'; expected sgd("), r[2]);
    r = train("--batch", "0");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("batch = 0: batch must be in [1, "), r[2]);
    r = train("--schedule", "cosine(max=2)");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("cosine has no argument max"), r[2]);
    r = run("train", "linear.cnn");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--data"), r[2]);
  }

  @Test
  void badTrainBlockNamesTheBlock() {
    trainBlock = Map.of("optimizer", "adam(lr=0.01, beta3=1)");
    String[] r = train();
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("in the train { } block of linear.cnn: optimizer = adam(lr=0.01, beta3=1): adam has no argument beta3"), r[2]);
  }

  @Test
  void missingAndCorruptDataAreIoErrors() throws IOException {
    String[] r = train("--data", tmp.resolve("nope").toString());
    assertEquals("3", r[0]);
    assertTrue(r[2].contains("no data set '") && r[2].contains("nope"), r[2]);
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
      Files.write(bad.resolve(f), new byte[] {0, 0, 8, 3, 0, 0});
    }
    r = train("--data", bad.toString());
    assertEquals("3", r[0], r[2]);
    assertTrue(r[2].startsWith("cnnc train") && r[2].contains("error: ") && r[2].contains("train-images-idx3-ubyte"), r[2]);
  }

  @Test
  void missingCorruptOrMismatchedWeightsAreIoErrors() throws IOException {
    String[] r = run("eval", "linear.cnn", "--weights", tmp.resolve("none.safetensors").toString(), "--data", SAMPLE);
    assertEquals("3", r[0]);
    assertTrue(r[2].contains("cannot find ") && r[2].contains("none.safetensors"), r[2]);
    Path junk = tmp.resolve("junk.safetensors");
    Files.write(junk, new byte[] {1, 2, 3});
    r = run("eval", "linear.cnn", "--weights", junk.toString(), "--data", SAMPLE);
    assertEquals("3", r[0]);
    assertTrue(r[2].contains("junk.safetensors"), r[2]);
    assertEquals("0", train()[0]);
    ModelSource.loader = (spec, overrides, maxBatch, network, seed) ->
        new LoadedModel(new LinearModel(maxBatch, 5, -1), TrainSettings.NONE, "Linear");
    r = run("predict", "linear.cnn", "--weights", tmp.resolve("run/model.safetensors").toString(), "--idx", junk.toString());
    assertEquals("3", r[0]);
    assertTrue(r[2].contains("does not match the model") && r[2].contains("fc.weight: wrong shape: expected [784,5], found [784,10]"), r[2]);
  }

  @Test
  void divergenceExitsWith4AndKeepsTheCheckpoint() throws IOException {
    nanAt = 70; // 50 steps per epoch at batch 100: step 71 is in epoch 2
    String[] r = train("--epochs", "3");
    assertEquals("4", r[0], r[2]);
    assertTrue(r[2].contains("training diverged: the loss became NaN at step 71 (epoch 2, batch 21)"), r[2]);
    assertTrue(r[2].contains("--lr") && r[2].contains("--clip 1.0") && r[2].contains("is kept"), r[2]);
    assertTrue(Files.exists(tmp.resolve("run/checkpoint.safetensors")));
    assertFalse(Files.exists(tmp.resolve("run/model.safetensors")));
  }
}
