package dev.cnnc.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.parallel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Layers whose patch rows are built by vector copies ({@link ShortRowPatches}) — in the forward's
 * A panels, the weight gradient's B panels, and, where its tiles are fuller, the weight gradient
 * taken as dW = Pᵀ·dZ — against the double-precision scalar twin and across thread counts.
 */
class ShortRowPatchesTest {
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  /** A layer, the batch to run it at, and whether its weight gradient is taken as Pᵀ·dZ. */
  private record Case(ConvConfig cf, int batch, boolean flipped) {}

  private static final Case[] CASES = {
    // Fashion CNN conv1's geometry: 7-float kernel rows, 38 % of pixels at a border; batch 6
    // splits the weight gradient's K (4,704 rows) in chunks.
    new Case(ConvConfig.builder("fm1", 28, 28, 1, 64).kernel(7, 7).samePadding().build(), 6,
        true),
    // ResNet-18 stem-like: 21-float rows take two vectors each, stride 2.
    new Case(ConvConfig.builder("stem", 15, 13, 3, 64).kernel(7, 7).stride(2, 2)
        .padding(3, 3, 3, 3).build(), 2, true),
    // Dilated in height; a kernel as wide as the padded map, so rows are cut on both sides.
    new Case(ConvConfig.builder("dil", 12, 9, 2, 8).kernel(3, 5).dilation(2, 1)
        .padding(2, 1, 1, 1).build(), 2, false),
    new Case(ConvConfig.builder("wide", 6, 3, 1, 20).kernel(5, 5).padding(2, 2, 2, 2).build(), 2,
        false),
    // LeNet-5's C1: 6 filters would fill a fifth of a panel as dW's columns.
    new Case(ConvConfig.builder("C1", 32, 32, 1, 6).kernel(5, 5).build(), 2, false),
  };

  @Test
  void matchTheScalarTwin() {
    SplittableRandom r = new SplittableRandom(14);
    for (Case c : CASES) {
      Conv2dTest.differential(c.cf(), c.batch(), r, false);
    }
  }

  @Test
  void takeTheVectorPathsWhereTheyApply() {
    for (Case c : CASES) {
      // Kernel rows of up to two vectors: the stem's 21 floats on AVX-512, not on AVX2.
      int run = c.cf().kw() * c.cf().inC();
      boolean vectors = Simd.VECTOR_DEFAULT && Gemm.NR == 2 * Simd.F.length()
          && run <= 2 * Simd.F.length();
      assertEquals(vectors, ShortRowPatches.forLayer(c.cf()) != null, c.cf().name());
      assertEquals(vectors && c.flipped(), new Conv2d(c.cf()).weightGradient.flipped(),
          c.cf().name() + " takes dW = Pᵀ·dZ");
    }
  }

  @Test
  void giveTheSameFloatsOnEveryThreadCount() {
    for (Case c : CASES) {
      Conv2dTest.assertThreadCountIndependent(c.cf(), c.batch());
    }
    // One image: the weight gradient's K (784 rows) is not split, its rows or columns are.
    Conv2dTest.assertThreadCountIndependent(CASES[0].cf(), 1);
  }
}
