package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inference with BatchNorm folded into the convolutions equals inference without folding. */
class BatchNormFoldingTest {
  @Test
  void foldedInferenceEqualsUnfolded() throws Exception {
    Model m = GeneratedModels.model("network F(round=floor) { INPUT(10x10x3) => CONV(8, 3x3, pad=1, bias=false) => BN => RELU"
        + " => CONV(8, 3x3, stride=2, pad=1) => BN => RELU => GAP => FC(4) }", 4, 3);
    Random r = new Random(9);
    Tensor x = Tensor.zeros(4, 10, 10, 3);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) r.nextGaussian();
    }
    // Give BN non-trivial statistics and affine parameters.
    for (int step = 0; step < 3; step++) {
      m.forward(x, true);
    }
    for (Parameter p : m.parameters()) {
      if (p.name().startsWith("bn") && p.trainable()) {
        for (int i = 0; i < p.size(); i++) {
          p.value[i] += (float) (0.3 * r.nextGaussian());
        }
      }
    }
    float[] folded = m.forward(x, false)[0].data.clone();
    invoke(m, false);
    float[] plain = m.forward(x, false)[0].data.clone();
    for (int i = 0; i < 16; i++) {
      assertEquals(plain[i], folded[i], 1e-4 * Math.max(1, Math.abs(plain[i])), "output " + i);
    }
  }

  private static void invoke(Model m, boolean fold) throws Exception {
    m.getClass().getMethod("setBatchNormFolding", boolean.class).invoke(m, fold);
  }
}
