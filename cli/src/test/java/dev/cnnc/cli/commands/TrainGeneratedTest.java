package dev.cnnc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train and eval through the real code generator (ModelLoader) on a small spec. */
class TrainGeneratedTest {
  @TempDir
  Path tmp;

  @Test
  void trainsAGeneratedNetworkAndEvaluatesIt() throws IOException {
    Path spec = tmp.resolve("small.cnn");
    Files.writeString(spec, """
        network Small {
          INPUT(28x28x1) => CONV(4, 3x3, act=relu) => MAXPOOL(2) => FC(10) => SOFTMAX
          train {
            optimizer = adam(lr=0.003)
            batch = 50
          }
        }
        """);
    Path out = tmp.resolve("run");
    String[] r = TrainEvalPredictTest.run("train", spec.toString(), "--data", TrainEvalPredictTest.SAMPLE, "--epochs", "1",
        "--threads", "2", "--out", out.toString(), "--progress", "lines");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[2].contains("batch=50 optimizer=adam(lr=0.003)"), r[2]);
    String[] e = TrainEvalPredictTest.run("eval", spec.toString(), "--weights", out.resolve("model.safetensors").toString(),
        "--data", TrainEvalPredictTest.SAMPLE, "--format", "json");
    assertEquals("0", e[0], e[2]);
    assertTrue(JsonParser.parseString(e[1]).getAsJsonObject().get("accuracy").getAsDouble() > 0.6, e[1]);
  }

  @Test
  void specErrorsExitWith1() throws IOException {
    Path spec = tmp.resolve("bad.cnn");
    Files.writeString(spec, "INPUT(28x28x1) => CONV(4, 3x3) => MAXPOOL(40) => FC(10)\n");
    String[] r = TrainEvalPredictTest.run("train", spec.toString(), "--data", TrainEvalPredictTest.SAMPLE, "--progress", "none");
    assertEquals("1", r[0], r[2]);
    assertTrue(r[2].contains("error"), r[2]);
  }
}
