package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus network generates code that compiles with -Xlint:all -Werror, and its inference
 * forward on random input gives finite outputs (probabilities summing to 1 after a SOFTMAX).
 */
class GeneratedCodeCompilesTest {
  @TestFactory
  Stream<DynamicTest> everyCorpusNetworkCompilesAndRuns() throws Exception {
    Path ok = Path.of(System.getProperty("cnnc.root", "..")).resolve("spec/ok");
    try (Stream<Path> files = Files.list(ok)) {
      return files.filter(p -> p.toString().endsWith(".cnn")).sorted().toList().stream()
          .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Model m = GeneratedModels.model(GeneratedModels.typed(SourceLoader.readFile(p, p.getFileName().toString()), Map.of()), 1, 7);
            int[] s = m.inputShape();
            Tensor x = Tensor.zeros(1, s[0], s[1], s[2]);
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < x.size(); i++) {
              x.data[i] = (float) r.nextGaussian();
            }
            Tensor[] out = m.forward(x, false);
            assertEquals(m.outputs().size(), out.length);
            for (int o = 0; o < out.length; o++) {
              double sum = 0;
              for (int i = 0; i < out[o].size(); i++) {
                float v = out[o].data[out[o].offset + i];
                assertTrue(Float.isFinite(v), p + " output " + o + " is not finite at " + i);
                sum += v;
              }
              if (m.outputs().get(o).softmax()) {
                assertEquals(1.0, sum, 1e-4, p + ": probabilities of output " + o + " sum to " + sum);
              }
            }
          }));
    }
  }
}
