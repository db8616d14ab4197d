package dev.cnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.optim.Adam;
import dev.cnnc.runtime.optim.AdamW;
import dev.cnnc.runtime.optim.Nadam;
import dev.cnnc.runtime.optim.RmsProp;
import dev.cnnc.runtime.optim.Sgd;
import dev.cnnc.runtime.optim.schedule.LrSchedule;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsParsingTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sgd(lr=0.01, momentum=0.9, nesterov=true, weight_decay=5e-4) | sgd(lr=0.01, momentum=0.9, nesterov=true, weight_decay=5e-4) | 0.01",
      "adam(lr=0.001)                  | adam(lr=0.001)   | 0.001",
      "ADAM                            | adam             | 0.001",
      "adamw(weight_decay=0.05)        | adamw(weight_decay=0.05) | 0.001",
      "nadam(lr=0.001)                 | nadam(lr=0.001)  | 0.001",
      "nadam()                         | nadam            | 0.002",
      "rmsprop(rho=0.9, centered=true) | rmsprop(rho=0.9, centered=true) | 0.01",
  })
  void optimizersParse(String text, String canonical, double lr) {
    OptimizerSpec s = OptimizerSpec.parse(text);
    assertEquals(canonical, s.toString());
    assertEquals(lr, s.learningRate(), 1e-12);
    assertEquals((float) lr, s.build().learningRate());
  }

  @Test
  void optimizerClasses() {
    assertInstanceOf(Sgd.class, OptimizerSpec.parse("sgd").build());
    assertInstanceOf(Adam.class, OptimizerSpec.parse("adam").build());
    assertInstanceOf(AdamW.class, OptimizerSpec.parse("adamw").build());
    assertInstanceOf(Nadam.class, OptimizerSpec.parse("nadam").build());
    assertInstanceOf(RmsProp.class, OptimizerSpec.parse("rmsprop").build());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "adan(lr=0.1)             | unknown optimizer 'adan'",
      "adam(lr=fast)            | lr must be a number, found 'fast'",
      "adam(lr=-1)              | lr must be in [0, 10]",
      "adam(momentum=0.9)       | adam has no argument momentum",
      "sgd(nesterov=true)       | nesterov=true needs momentum > 0",
      "sgd(nesterov=maybe, momentum=0.9) | nesterov must be true or false",
      "sgd(lr=0.1                | missing closing parenthesis",
      "sgd(0.1)                 | argument '0.1' is not KEY=VALUE",
      "sgd(lr=0.1, lr=0.2)      | argument lr given twice",
  })
  void badOptimizers(String text, String problem) {
    TrainConfigException e = assertThrows(TrainConfigException.class, () -> OptimizerSpec.parse(text));
    assertEquals("optimizer", e.key());
    assertTrue(e.getMessage().startsWith("optimizer = " + text + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("expected sgd(lr=0.01"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // text | canonical | lr at step 0, 10, 25 (10 steps per epoch, 4 epochs, base 0.1)
      "constant                          | constant | 0.1 | 0.1 | 0.1",
      "step(every=2, gamma=0.1)          | step(every=2, gamma=0.1) | 0.1 | 0.1 | 0.01",
      "step(every=5, gamma=0.5, unit=step) | step(every=5, gamma=0.5, unit=step) | 0.1 | 0.025 | 0.003125",
      "exponential(gamma=0.5)            | exponential(gamma=0.5) | 0.1 | 0.05 | 0.025",
      "cosine                            | cosine | 0.1 | 0.085355 | 0.030866",
      "warmup(epochs=1) + cosine         | warmup(epochs=1) + cosine | 0 | 0.1 | 0.05",
      "'[warmup(steps=20), step(every=1, gamma=0.5)]' | warmup(steps=20) + step(every=1, gamma=0.5) | 0 | 0.05 | 0.1",
  })
  void schedules(String text, String canonical, double at0, double at10, double at25) {
    ScheduleSpec s = ScheduleSpec.parse(text);
    assertEquals(canonical, s.toString());
    LrSchedule f = s.build(0.1f, 4, 10);
    assertEquals(at0, f.at(0), 1e-6);
    assertEquals(at10, f.at(10), 1e-6);
    assertEquals(at25, f.at(25), 1e-6);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "linear                       | unknown schedule 'linear'",
      "step(gamma=0.1)              | step needs every= and gamma=",
      "step(every=0, gamma=0.1)     | every must be in [1,",
      "exponential(gamma=0.9, unit=day) | unit must be epoch or step",
      "warmup(epochs=1, steps=5)    | exactly one of epochs= or steps=",
      "cosine + step(every=1, gamma=0.5) | at most one warm-up and one decay",
      "cosine(max=1)                | cosine has no argument max",
  })
  void badSchedules(String text, String problem) {
    TrainConfigException e = assertThrows(TrainConfigException.class, () -> ScheduleSpec.parse(text));
    assertEquals("schedule", e.key());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void layersOfSettings() {
    TrainConfig c = TrainConfig.builder()
        .setAll(Map.of("lr", "0.05", "optimizer", "sgd(momentum=0.9)", "batch", "16", "warmup", "2", "schedule", "cosine"))
        .set("epochs", "3").set("augment", "shift=2,flip").build();
    assertEquals("sgd(momentum=0.9, lr=0.05)", c.optimizer().toString());
    assertEquals(16, c.batch());
    assertEquals(3, c.epochs());
    assertEquals("warmup(epochs=2) + cosine", c.schedule().toString());
    assertEquals(2, c.augmentation().shift());
    // A later --optimizer replaces the earlier layer's lr.
    TrainConfig d = TrainConfig.builder().setAll(Map.of("optimizer", "sgd", "lr", "0.5")).set("optimizer", "adam").build();
    assertEquals("adam", d.optimizer().toString());
    TrainConfig def = TrainConfig.builder().build();
    assertEquals(10, def.epochs());
    assertEquals(32, def.batch());
    assertEquals("adam(lr=0.001)", def.optimizer().toString());
    assertEquals(LossKind.CROSSENTROPY, def.loss());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "epochs     | 0        | epochs = 0: epochs must be in [1, 1000000]",
      "batch      | 2.5      | batch = 2.5: not an integer",
      "loss       | hinge    | loss = hinge: unknown loss; expected crossentropy or mse",
      "validation | 1        | validation = 1: validation must be in [0, 0.99]",
      "clip       | -1       | clip = -1: clip must be in [0, ∞]",
      "augment    | rotate=5 | augment = rotate=5: bad augmentation",
      "colour     | red      | colour = red: unknown setting; expected epochs, batch",
      "seed       | x        | seed = x: not an integer",
      "momentum   | 0.9      | momentum = 0.9: adam has no momentum",
  })
  void badSettings(String key, String value, String message) {
    TrainConfigException e = assertThrows(TrainConfigException.class,
        () -> TrainConfig.builder().set(key, value).build());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void metricsJsonRoundTrips() {
    EpochMetrics m = new EpochMetrics(3, 0.5, 0.8125, Double.NaN, 0.25, 0.9, Double.NaN, Double.NaN, 1e-5, 12.5, 100000);
    String json = m.toJson();
    assertEquals("{\"epoch\": 3, \"train_loss\": 0.5, \"train_acc\": 0.8125, \"train_top5\": null, \"val_loss\": 0.25,"
        + " \"val_acc\": 0.9, \"test_loss\": null, \"test_acc\": null, \"lr\": 1e-05, \"seconds\": 12.5, \"img_per_s\": 100000}", json);
    assertEquals(json, EpochMetrics.fromJson(json).toJson());
  }
}
