package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationGradTest {
  @ParameterizedTest
  @EnumSource(Activation.Kind.class)
  void activationGradients(Activation.Kind kind) {
    Random rnd = new Random(kind.ordinal());
    float alpha = kind == Activation.Kind.LEAKYRELU ? 0.1f : 0.7f;
    for (boolean vec : new boolean[] {true, false}) {
      Activation act = new Activation(7, 5, 3, kind, alpha);
      act.vectorised = vec;
      LayerFiniteDiff.checkLayer(act, LayerFiniteDiff.awayFromZero(rnd, 2, 7, 5, 3, 2.5),
          Tensor.zeros(2, 7, 5, 3), true, 7);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.Kind.class)
  void activationValues(Activation.Kind kind) {
    float[] xs = {-2f, -0.5f, 0.3f, 1.5f};
    Activation act = new Activation(1, 1, 4, kind, 0.2f);
    Tensor out = Tensor.vector(1, 4);
    act.forward(new Tensor(xs.clone(), 0, 1, 1, 1, 4), out, false);
    for (int i = 0; i < 4; i++) {
      double x = xs[i];
      double expected = switch (kind) {
        case RELU -> Math.max(0, x);
        case LEAKYRELU -> x > 0 ? x : 0.2 * x;
        case ELU -> x > 0 ? x : 0.2 * (Math.exp(x) - 1);
        case TANH -> Math.tanh(x);
        case SCALEDTANH -> 1.7159 * Math.tanh(2 * x / 3);
        case SIGMOID -> 1 / (1 + Math.exp(-x));
      };
      assertEquals(expected, out.data[i], 1e-6, kind + " at " + x);
    }
  }

  @Test
  void inPlaceForwardAndBackward() {
    // Backward reads only out, so in == out and dIn == dOut are allowed.
    Random rnd = new Random(3);
    Tensor x = LayerFiniteDiff.random(rnd, 2, 3, 3, 5, -2, 2);
    Tensor expectedOut = Tensor.zeros(2, 3, 3, 5);
    Tensor g = LayerFiniteDiff.random(rnd, 2, 3, 3, 5, -1, 1);
    Tensor expectedDx = Tensor.zeros(2, 3, 3, 5);
    Activation act = new Activation(3, 3, 5, Activation.Kind.ELU, 1f);
    act.forward(x, expectedOut, true);
    act.backward(x, expectedOut, g, expectedDx);
    act.forward(x, x, true);
    act.backward(x, x, g, g);
    for (int i = 0; i < x.size(); i++) {
      assertEquals(expectedOut.data[i], x.data[i]);
      assertEquals(expectedDx.data[i], g.data[i]);
    }
  }

  @Test
  void softmaxGradients() {
    Random rnd = new Random(11);
    for (boolean vec : new boolean[] {true, false}) {
      Softmax sm = new Softmax(3, 2, 21);
      sm.vectorised = vec;
      LayerFiniteDiff.checkLayer(sm, LayerFiniteDiff.random(rnd, 2, 3, 2, 21, -3, 3),
          Tensor.zeros(2, 3, 2, 21), true, 8);
      Softmax flat = new Softmax(1, 1, 10);
      flat.vectorised = vec;
      LayerFiniteDiff.checkLayer(flat, LayerFiniteDiff.random(rnd, 3, 1, 1, 10, -3, 3),
          Tensor.vector(3, 10), true, 9);
    }
  }

  @Test
  void softmaxIsStableForHugeLogits() {
    Softmax sm = new Softmax(1, 1, 3);
    Tensor out = Tensor.vector(1, 3);
    sm.forward(new Tensor(new float[] {1000f, 1000f, -1000f}, 0, 1, 1, 1, 3), out, false);
    assertEquals(0.5f, out.data[0], 1e-6);
    assertEquals(0.5f, out.data[1], 1e-6);
    assertEquals(0f, out.data[2], 1e-6);
  }
}
