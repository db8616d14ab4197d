package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.model.OutputSpec;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-network gradients of generated code against central finite differences, on small variants
 * of the corpus networks (chains, blocks with add and BN, concat with taps and two weighted
 * outputs, LeNet-5's subsampling, connection table and RBF). The loss is the weighted sum over
 * outputs of mean cross-entropy (SOFTMAX outputs, fused gradient p − y) or Σ out·R (others).
 * ReLU is replaced by the smooth ELU here: finite differences across ReLU's kink are meaningless
 * (the runtime's own tests check ReLU and the fused conv + ReLU layer by layer).
 */
class NetworkGradientTest {
  private static final int BATCH = 2;

  @ParameterizedTest
  @ValueSource(strings = {
      // a chain: conv, pool, FC, softmax
      "INPUT(7x6x2) => CONV(3, 3x3, pad=same) => ELU => MAXPOOL(2, round=floor) => FC(4) => TANH => FC(3) => SOFTMAX",
      // residual blocks with BN, projection shortcut and add
      "let B(f) = add(CONV(f, 3x3, pad=1, bias=false) => BN => ELU => CONV(f, 3x3, pad=1, bias=false) => BN, ID) => ELU\n"
          + "let D(f) = add(CONV(f, 3x3, stride=2, pad=1, bias=false) => BN, CONV(f, 1x1, stride=2, bias=false) => BN) => ELU\n"
          + "network R(round=floor) { INPUT(9x9x2) => CONV(3, 3x3, pad=1) => BN => ELU => [B(3)]*2 => D(4) => GAP => FC(3) => SOFTMAX }",
      // inception-like concat, a tap feeding an auxiliary head, weighted outputs
      "let I(a, b) = concat(CONV(a, 1x1) => ELU, CONV(b, 3x3, pad=same) => ELU, AVGPOOL(3x3, stride=1, pad=same) => CONV(a, 1x1))\n"
          + "network G { INPUT(6x6x2) => I(2, 2) as t => I(1, 2) => GAP => FC(3) => SOFTMAX as main\n"
          + "  t => DEPTHPOOL(2) => FLATTEN => FC(3) as aux\n  output main\n  output aux (weight=0.3) }",
      // LeNet-5 style: subsample, connection table, scaled tanh, LRN, RBF
      "INPUT(12x12x1) => CONV(3, 3x3) => SCALEDTANH => SUBSAMPLE(2) => SIGMOID => LRN(radius=1, alpha=0.1) "
          + "=> CONV(4, 3x3, connections=[[0],[1,2],[0,2],[0,1,2]]) => LEAKYRELU(0.1) => PAD(1) => FC(5) => RBF(3)"})
  void wholeNetworkGradientMatchesFiniteDifferences(String spec) throws Exception {
    Model m = GeneratedModels.model(spec, BATCH, 11);
    Random r = new Random(5);
    int[] s = m.inputShape();
    Tensor x = Tensor.zeros(BATCH, s[0], s[1], s[2]);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) r.nextGaussian();
    }
    int[] labels = {0, 2};
    double[][] probes = new double[m.outputs().size()][];
    for (int o = 0; o < probes.length; o++) {
      probes[o] = new double[BATCH * m.outputs().get(o).size()];
      for (int i = 0; i < probes[o].length; i++) {
        probes[o][i] = r.nextGaussian();
      }
    }
    // Analytic gradient.
    Tensor[] out = m.forward(x, true);
    Tensor[] grads = new Tensor[out.length];
    for (int o = 0; o < out.length; o++) {
      OutputSpec spec0 = m.outputs().get(o);
      grads[o] = Tensor.zeros(BATCH, out[o].h, out[o].w, out[o].c);
      for (int b = 0; b < BATCH; b++) {
        for (int k = 0; k < spec0.size(); k++) {
          int i = b * spec0.size() + k;
          double g = spec0.softmax()
              ? (out[o].data[out[o].offset + i] - (k == labels[b] ? 1 : 0)) / BATCH
              : probes[o][i];
          grads[o].data[i] = (float) (spec0.weight() * g);
        }
      }
    }
    m.zeroGrad();
    m.backward(grads);
    double worst = 0;
    String worstAt = "";
    for (Parameter p : m.parameters()) {
      if (!p.trainable()) {
        continue;
      }
      for (int probe = 0; probe < Math.min(6, p.size()); probe++) {
        int i = r.nextInt(p.size());
        float saved = p.value[i];
        float eps = 2e-3f * Math.max(1f, Math.abs(saved));
        p.value[i] = saved + eps;
        double plus = loss(m, x, labels, probes);
        p.value[i] = saved - eps;
        double minus = loss(m, x, labels, probes);
        p.value[i] = saved;
        double numeric = (plus - minus) / (2 * eps);
        double analytic = p.grad[i];
        double err = Math.abs(numeric - analytic) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic));
        if (err > worst) {
          worst = err;
          worstAt = p.name() + "[" + i + "]: analytic " + analytic + ", numeric " + numeric;
        }
      }
    }
    double w = worst;
    String at = worstAt;
    assertTrue(w < 0.05, () -> "worst relative error " + w + " at " + at);
  }

  /** The same loss as the analytic gradient, in double, from a training-mode forward. */
  private static double loss(Model m, Tensor x, int[] labels, double[][] probes) {
    Tensor[] out = m.forward(x, true);
    double total = 0;
    for (int o = 0; o < out.length; o++) {
      OutputSpec spec = m.outputs().get(o);
      double sum = 0;
      for (int b = 0; b < BATCH; b++) {
        for (int k = 0; k < spec.size(); k++) {
          double v = out[o].data[out[o].offset + b * spec.size() + k];
          sum += spec.softmax() ? (k == labels[b] ? -Math.log(v) / BATCH : 0) : v * probes[o][b * spec.size() + k];
        }
      }
      total += spec.weight() * sum;
    }
    return total;
  }
}
