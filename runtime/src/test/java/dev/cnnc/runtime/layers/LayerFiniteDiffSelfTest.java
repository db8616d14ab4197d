package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker must be able to fail: a 3% error in a backward is caught. */
class LayerFiniteDiffSelfTest {
  @Test
  void detectsAWrongGradient() {
    Random rnd = new Random(1);
    Tensor x = LayerFiniteDiff.random(rnd, 2, 3, 3, 4, -1, 1);
    Tensor out = Tensor.zeros(2, 3, 3, 4);
    Tensor dOut = Tensor.zeros(2, 3, 3, 4);
    Tensor dx = Tensor.zeros(2, 3, 3, 4);
    Activation act = new Activation(3, 3, 4, Activation.Kind.TANH);
    Runnable fwd = () -> act.forward(x, out, true);
    List<LayerFiniteDiff.Var> vars = List.of(LayerFiniteDiff.Var.input("x", x, dx));
    double good = LayerFiniteDiff.worstError(fwd, () -> act.backward(x, out, dOut, dx), out, dOut,
        vars, 2);
    assertTrue(good < 1, "correct gradient passes: " + good);
    Runnable wrong = () -> {
      act.backward(x, out, dOut, dx);
      dx.data[5] *= 1.03f;
    };
    assertThrows(AssertionError.class,
        () -> LayerFiniteDiff.check("wrong", fwd, wrong, out, dOut, vars, 2));
    // Not overwriting dIn (leaving the NaN prefill) is caught too.
    assertThrows(AssertionError.class,
        () -> LayerFiniteDiff.check("lazy", fwd, () -> {}, out, dOut, vars, 2));
  }
}
