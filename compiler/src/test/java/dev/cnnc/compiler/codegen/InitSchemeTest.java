package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Parameter;
import org.junit.jupiter.api.Test;

/** Generated initialisation: He before ReLU by default; one scheme for every weight on request. */
class InitSchemeTest {
  @Test
  void defaultIsHeBeforeReluAndAnOverrideAppliesToEveryWeight() throws Exception {
    Model m = GeneratedModels.model("INPUT(16x16x1) => CONV(64, 7x7, pad=same) => RELU => FC(10)", 1, 3);
    Parameter conv = m.parameters().get(0);
    assertEquals("conv1.weight", conv.name());
    // He: var = 2 / fanIn = 2 / 49; Glorot: var = 2 / (49 + 49·64).
    assertEquals(2.0 / 49, variance(conv), 0.1 * 2.0 / 49);
    m.initialize(3, Init.Scheme.GLOROT_UNIFORM);
    assertEquals(2.0 / (49 + 49 * 64), variance(conv), 0.1 * 2.0 / (49 + 49 * 64));
    m.initialize(3);
    assertEquals(2.0 / 49, variance(conv), 0.1 * 2.0 / 49);
  }

  private static double variance(Parameter p) {
    double sum = 0;
    double sq = 0;
    for (float v : p.value) {
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / p.size();
    return sq / p.size() - mean * mean;
  }
}
