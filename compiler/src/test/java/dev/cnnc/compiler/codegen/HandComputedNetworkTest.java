package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A network small enough to work out on paper gives exactly the numbers worked out. */
class HandComputedNetworkTest {
  @Test
  void tinyConvReluPoolDenseGivesKnownOutputs() throws Exception {
    // 3x3x1 input, one 2x2 filter (all ones, bias -4) → 2x2, ReLU, 2x2 max pool → 1, FC to 2 units.
    Model m = GeneratedModels.model("INPUT(3x3x1) => CONV(1, 2x2, act=relu) => MAXPOOL(2) => FC(2)", 1, 0);
    Map<String, Parameter> p = m.parameters().stream().collect(Collectors.toMap(Parameter::name, Function.identity()));
    java.util.Arrays.fill(p.get("conv1.weight").value, 1f);
    p.get("conv1.bias").value[0] = -4f;
    p.get("fc1.weight").value[0] = 2f;   // [in=1][out=2]
    p.get("fc1.weight").value[1] = -1f;
    p.get("fc1.bias").value[0] = 0.5f;
    p.get("fc1.bias").value[1] = 1f;
    // x = 1..9 row-major; window sums: 1+2+4+5=12, 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28
    // minus 4 → 8, 12, 20, 24; ReLU keeps them; max = 24; FC: 2·24+0.5 = 48.5, −24+1 = −23.
    Tensor x = new Tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 1, 3, 3, 1);
    Tensor[] out = m.forward(x, false);
    assertArrayEquals(new float[] {48.5f, -23f}, java.util.Arrays.copyOfRange(out[0].data, 0, 2), 1e-5f);
    // Backward of dL/dy = (1, 0): dW_fc = (24, 0); the max cell (the last window) gets 2, so
    // dW_conv = 2·[5,6,8,9] and d bias_conv = 2.
    m.forward(x, true);
    m.zeroGrad();
    m.backward(new Tensor[] {new Tensor(new float[] {1, 0}, 0, 1, 1, 1, 2)});
    assertArrayEquals(new float[] {24f, 0f}, p.get("fc1.weight").grad, 1e-5f);
    assertArrayEquals(new float[] {10f, 12f, 16f, 18f}, p.get("conv1.weight").grad, 1e-5f);
    assertEquals(2f, p.get("conv1.bias").grad[0], 1e-5f);
  }
}
