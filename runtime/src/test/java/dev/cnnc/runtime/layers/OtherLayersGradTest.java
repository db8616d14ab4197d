package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Finite-difference checks for the remaining layers, including the multi-input ones. */
class OtherLayersGradTest {
  @Test
  void depthPool() {
    Random rnd = new Random(1);
    DepthPool dp = new DepthPool(7, 5, 6, 3);
    LayerFiniteDiff.checkLayer(dp, LayerFiniteDiff.distinct(rnd, 2, 7, 5, 6),
        Tensor.zeros(2, 7, 5, 2), true, 21);
  }

  @Test
  void pad() {
    Random rnd = new Random(2);
    Pad pad = new Pad(7, 5, 3, 2, 0, 1, 3);
    LayerFiniteDiff.checkLayer(pad, LayerFiniteDiff.random(rnd, 2, 7, 5, 3, -1, 1),
        Tensor.zeros(2, 9, 9, 3), true, 22);
  }

  @Test
  void lrn() {
    Random rnd = new Random(3);
    // A large alpha so the normalisation term really shapes the gradient.
    for (int radius : new int[] {1, 2}) {
      Lrn lrn = new Lrn(3, 5, 7, radius, 0.5f, 0.75f, 1.5f);
      LayerFiniteDiff.checkLayer(lrn, LayerFiniteDiff.random(rnd, 2, 3, 5, 7, -1.5, 1.5),
          Tensor.zeros(2, 3, 5, 7), true, 23);
    }
  }

  @Test
  void dropout() {
    Random rnd = new Random(4);
    Dropout drop = new Dropout(7, 5, 3, 0.3f, 99);
    // Pin the step so every perturbed forward uses the same mask.
    LayerFiniteDiff.checkLayer(drop, LayerFiniteDiff.random(rnd, 2, 7, 5, 3, -1, 1),
        Tensor.zeros(2, 7, 5, 3), true, 24, () -> drop.restoreRngState(new long[] {99, 5}));
  }

  @Test
  void rbf() {
    Random rnd = new Random(5);
    for (boolean vec : new boolean[] {true, false}) {
      Rbf rbf = new Rbf("out", 1, 1, 37, 10, 7);
      rbf.vectorised = vec;
      LayerFiniteDiff.checkLayer(rbf, LayerFiniteDiff.random(rnd, 3, 1, 1, 37, -1, 1),
          Tensor.vector(3, 10), true, 25);
    }
  }

  @Test
  void concat() {
    Random rnd = new Random(6);
    Concat cat = new Concat(7, 5, 3, 1, 4);
    Tensor[] ins = {LayerFiniteDiff.random(rnd, 2, 7, 5, 3, -1, 1),
        LayerFiniteDiff.random(rnd, 2, 7, 5, 1, -1, 1),
        LayerFiniteDiff.random(rnd, 2, 7, 5, 4, -1, 1)};
    Tensor[] dIns = {Tensor.zeros(2, 7, 5, 3), Tensor.zeros(2, 7, 5, 1), Tensor.zeros(2, 7, 5, 4)};
    Tensor out = Tensor.zeros(2, 7, 5, 8);
    Tensor dOut = Tensor.zeros(2, 7, 5, 8);
    LayerFiniteDiff.check("Concat", () -> cat.forward(ins, out), () -> cat.backward(dOut, dIns),
        out, dOut, List.of(LayerFiniteDiff.Var.input("a", ins[0], dIns[0]),
            LayerFiniteDiff.Var.input("b", ins[1], dIns[1]),
            LayerFiniteDiff.Var.input("c", ins[2], dIns[2])), 26);
  }

  @Test
  void add() {
    Random rnd = new Random(7);
    for (boolean vec : new boolean[] {true, false}) {
      Add add = new Add(7, 5, 3, 3);
      add.vectorised = vec;
      Tensor[] ins = new Tensor[3];
      Tensor[] dIns = new Tensor[3];
      for (int k = 0; k < 3; k++) {
        ins[k] = LayerFiniteDiff.random(rnd, 2, 7, 5, 3, -1, 1);
        dIns[k] = Tensor.zeros(2, 7, 5, 3);
      }
      Tensor out = Tensor.zeros(2, 7, 5, 3);
      Tensor dOut = Tensor.zeros(2, 7, 5, 3);
      LayerFiniteDiff.check("Add", () -> add.forward(ins, out), () -> add.backward(dOut, dIns),
          out, dOut, List.of(LayerFiniteDiff.Var.input("a", ins[0], dIns[0]),
              LayerFiniteDiff.Var.input("b", ins[1], dIns[1]),
              LayerFiniteDiff.Var.input("c", ins[2], dIns[2])), 27);
    }
  }
}
