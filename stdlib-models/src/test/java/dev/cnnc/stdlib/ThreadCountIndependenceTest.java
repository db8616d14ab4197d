package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.optim.Nadam;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import dev.cnnc.runtime.train.LossKind;
import dev.cnnc.runtime.train.TrainStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training steps give bit-identical weights on 1, 2 and 3 threads: every kernel either computes
 * each output on one thread in a fixed order or reduces over fixed chunks. So a run's figures do not
 * depend on the machine's core count, only on the seed.
 */
class ThreadCountIndependenceTest {
  @ParameterizedTest
  @ValueSource(strings = {"fashion_cnn", "minivgg"})
  void weightsAfterTrainingStepsDoNotDependOnTheThreadCount(String name) throws Exception {
    int saved = Parallel.threads();
    List<float[]> reference = null;
    try {
      for (int threads = 1; threads <= 3; threads++) {
        Parallel.setThreads(threads);
        List<float[]> weights = train(name);
        if (reference == null) {
          reference = weights;
          continue;
        }
        assertEquals(reference.size(), weights.size());
        for (int i = 0; i < weights.size(); i++) {
          assertArrayEquals(reference.get(i), weights.get(i), 0f,
              name + ": parameter " + i + " differs between 1 and " + threads + " threads");
        }
      }
    } finally {
      Parallel.setThreads(saved);
    }
  }

  private static List<float[]> train(String name) throws Exception {
    int batch = 16;
    Model m = StdlibCodegenTest.build(name, batch);
    Tensor x = StdlibCodegenTest.randomInput(m, batch, 3);
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 10;
    }
    TrainStep step = new TrainStep(m, LossKind.CROSSENTROPY, new Nadam(0.001f), 0);
    for (int s = 0; s < 3; s++) {
      step.run(x, labels);
    }
    List<float[]> out = new ArrayList<>();
    for (Parameter p : m.parameters()) {
      out.add(p.value.clone());
    }
    return out;
  }
}
