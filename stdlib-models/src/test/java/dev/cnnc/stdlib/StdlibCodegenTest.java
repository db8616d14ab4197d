package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.codegen.Codegen;
import dev.cnnc.compiler.codegen.GeneratorOptions;
import dev.cnnc.compiler.codegen.JavaCompilation;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.runtime.loss.RbfLoss;
import dev.cnnc.runtime.loss.SoftmaxCrossEntropy;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.optim.Optimizer;
import dev.cnnc.runtime.optim.Sgd;
import dev.cnnc.runtime.tensor.Tensor;
import dev.cnnc.runtime.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every standard-library model generates code that compiles, and runs at its real input size;
 * one training step on a fixed batch lowers the loss of LeNet-5, the Fashion-MNIST CNN and
 * ResNet-18 (allocation: {@link ForwardAllocationTest}).
 */
class StdlibCodegenTest {
  static Model build(String name, int maxBatch) throws Exception {
    Compilation c = CnnCompiler.check(CnnCompiler.read("stdlib:" + name), Map.of());
    assertFalse(c.hasErrors(), () -> TextRenderer.render(c.diagnostics()));
    JavaCompilation.SourceText src = Codegen.generate(c.networks().get(0),
        new GeneratorOptions("cnnc.stdlibtest", null, "test", "stdlib:" + name, "0"));
    Path classes = Files.createTempDirectory(Files.createDirectories(Path.of("target", "generated-test-models")), "stdlib").resolve("classes");
    long t0 = System.nanoTime();
    String cp = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    Class<?> type = JavaCompilation.compileAndLoad(src, classes, cp, Model.class.getClassLoader());
    System.out.printf("stdlib:%s: generated %,d characters, compiled in process in %.1f s%n", name, src.text().length(),
        (System.nanoTime() - t0) / 1e9);
    return (Model) type.getConstructor(int.class, long.class).newInstance(maxBatch, 1L);
  }

  static Tensor randomInput(Model m, int batch, long seed) {
    int[] s = m.inputShape();
    Tensor x = Tensor.zeros(batch, s[0], s[1], s[2]);
    Random r = new Random(seed);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet5", "lenet5_modern", "alexnet", "alexnet_torchvision", "zfnet", "vgg11", "vgg13", "vgg16",
      "vgg19", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50_v1", "fashion_cnn",
      "shallownet", "minivgg"})
  void forwardAtRealInputSizeIsFinite(String name) throws Exception {
    Model m = build(name, 1);
    Tensor[] out = m.forward(randomInput(m, 1, 3), false);
    for (int o = 0; o < out.length; o++) {
      double sum = 0;
      for (int i = 0; i < out[o].size(); i++) {
        float v = out[o].data[out[o].offset + i];
        assertTrue(Float.isFinite(v), name + ": output " + o + "[" + i + "] = " + v);
        sum += v;
      }
      if (m.outputs().get(o).softmax()) {
        assertEquals(1.0, sum, 1e-4, name + ": probabilities sum to " + sum);
      }
    }
  }

  /** Every model's train { } block is accepted by the trainer as it stands. */
  @ParameterizedTest
  @ValueSource(strings = {"lenet5", "lenet5_modern", "alexnet", "alexnet_torchvision", "zfnet", "vgg11", "vgg13", "vgg16",
      "vgg19", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50_v1", "fashion_cnn",
      "shallownet", "minivgg"})
  void trainBlockIsAcceptedByTheTrainer(String name) throws Exception {
    Compilation c = CnnCompiler.check(CnnCompiler.read("stdlib:" + name), Map.of());
    Map<String, String> settings = c.networks().get(0).network().train().values();
    assertFalse(settings.isEmpty(), name + " has no train block");
    TrainConfig cfg = TrainConfig.builder().setAll(settings).build();
    assertTrue(cfg.epochs() > 0 && cfg.batch() > 0, name + ": " + cfg.describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lenet5", "fashion_cnn", "resnet18"})
  void oneTrainingStepLowersTheLossOnAFixedBatch(String name) throws Exception {
    int batch = 4;
    Model m = build(name, batch);
    Tensor x = randomInput(m, batch, 5);
    int[] labels = {1, 3, 5, 7};
    // The same dropout masks for both evaluations, and a small plain gradient step.
    long[] rng = m.rngState();
    double before = step(m, x, labels, new Sgd(1e-4f, 0f), true);
    m.restoreRngState(rng);
    double after = step(m, x, labels, null, false);
    assertTrue(after < before, name + ": loss " + before + " → " + after);
  }

  /** Weighted loss over outputs; with an optimiser, also back-propagates and steps. */
  private static double step(Model m, Tensor x, int[] labels, Optimizer optimizer, boolean train) {
    Tensor[] out = m.forward(x, true);
    Tensor[] grads = new Tensor[out.length];
    double loss = 0;
    for (int o = 0; o < out.length; o++) {
      OutputSpec spec = m.outputs().get(o);
      grads[o] = Tensor.zeros(out[o].n, out[o].h, out[o].w, out[o].c);
      float l = spec.kind() == OutputSpec.Kind.RBF
          ? RbfLoss.compute(out[o], labels, Float.POSITIVE_INFINITY, grads[o])
          : SoftmaxCrossEntropy.fromProbabilities(out[o], labels, grads[o]);
      loss += spec.weight() * l;
      for (int i = 0; i < grads[o].size(); i++) {
        grads[o].data[i] *= (float) spec.weight();
      }
    }
    if (train) {
      m.zeroGrad();
      m.backward(grads);
      optimizer.step(m.parameters());
    }
    return loss;
  }
}
