package dev.cnnc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnc.runtime.tensor.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private static List<Parameter> model(int c1) {
    Parameter w = new Parameter("conv1.weight", true, 3, 3, 1, c1);
    Parameter b = new Parameter("conv1.bias", true, c1);
    Parameter mean = new Parameter("bn1.running_mean", false, c1);
    for (int i = 0; i < w.size(); i++) {
      w.value[i] = i * 0.25f;
    }
    b.value[1] = -1f;
    mean.value[2] = 0.5f;
    return List.of(w, b, mean);
  }

  @Test
  void roundTrip() throws IOException {
    Path f = dir.resolve("ckpt/step-100.safetensors");
    List<Parameter> saved = model(4);
    Checkpoint.save(f, saved, Map.of("conv1.weight.m", new float[] {1, 2, 3}),
        Map.of("step", "100", "epoch", "2", "seed", "42", "rng", "deadbeef"));

    Checkpoint c = Checkpoint.read(f);
    assertEquals(100, c.getLong("step", -1));
    assertEquals(-1, c.getLong("missing", -1));
    assertEquals("deadbeef", c.get("rng"));
    assertEquals(Checkpoint.FORMAT, c.get("cnnc.format"));
    assertArrayEquals(new float[] {1, 2, 3}, c.optimizerState().get("conv1.weight.m"));
    assertEquals(List.of("bn1.running_mean", "conv1.bias", "conv1.weight"), List.copyOf(c.parameters().keySet()));

    List<Parameter> fresh = model(4);
    for (Parameter p : fresh) {
      java.util.Arrays.fill(p.value, 0f);
    }
    c.loadInto(fresh);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(saved.get(i).value, fresh.get(i).value);
    }
  }

  @Test
  void mismatchesAreListedAndNothingIsLoaded() throws IOException {
    Path f = dir.resolve("c.safetensors");
    Checkpoint.save(f, model(4), Map.of(), Map.of());
    Parameter w = new Parameter("conv1.weight", true, 3, 3, 1, 64);
    Parameter fc = new Parameter("fc1.weight", true, 784, 10);
    Parameter b = new Parameter("conv1.bias", true, 4);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> Checkpoint.read(f).loadInto(List.of(w, fc, b)));
    assertEquals("checkpoint " + f + " does not match the model (3 problems):\n"
        + "  conv1.weight: wrong shape: expected [3,3,1,64], found [3,3,1,4]\n"
        + "  missing fc1.weight [784,10]\n"
        + "  unexpected bn1.running_mean [4]", e.getMessage());
    assertEquals(0f, b.value[1], "nothing copied on mismatch");
  }

  @Test
  void badMetadataNumber() throws IOException {
    Path f = dir.resolve("m.safetensors");
    Checkpoint.save(f, model(4), Map.of(), Map.of("step", "ten"));
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(f).getLong("step", 0));
    assertEquals(f + ": metadata step: expected an integer, found \"ten\"", e.getMessage());
  }
}
