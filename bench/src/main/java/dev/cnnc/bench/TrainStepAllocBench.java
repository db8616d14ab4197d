package dev.cnnc.bench;

import dev.cnnc.runtime.init.Init;
import dev.cnnc.runtime.layers.Conv2d;
import dev.cnnc.runtime.layers.ConvConfig;
import dev.cnnc.runtime.layers.Dense;
import dev.cnnc.runtime.layers.FusedActivation;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of conv(5×5, 1→16, ReLU) + dense(12·12·16 → 10) on a batch of 32: forward,
 * backward, gradient zeroing. Run with {@code -prof gc}: gc.alloc.rate.norm is bytes per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class TrainStepAllocBench {
  @Param({"1", "2"})
  public int threads;

  private Conv2d conv;
  private Dense fc;
  private Tensor x;
  private Tensor h;
  private Tensor dh;
  private Tensor logits;
  private Tensor dLogits;

  @Setup
  public void setUp() {
    Parallel.setThreads(threads);
    ConvConfig cf = ConvConfig.builder("conv", 16, 16, 1, 16).kernel(5, 5)
        .activation(FusedActivation.RELU).build();
    conv = new Conv2d(cf);
    fc = new Dense("fc", 12 * 12 * 16, 10, true, FusedActivation.NONE);
    Init.fill(conv.weight(), Init.Scheme.HE_NORMAL, 25, 400, 1);
    Init.fill(fc.weight(), Init.Scheme.GLOROT_UNIFORM, 2304, 10, 2);
    int batch = 32;
    x = Tensor.zeros(batch, 16, 16, 1);
    h = Tensor.zeros(batch, 12, 12, 16);
    dh = Tensor.zeros(batch, 12, 12, 16);
    logits = Tensor.vector(batch, 10);
    dLogits = Tensor.vector(batch, 10);
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < x.size(); i++) {
      x.data[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < dLogits.size(); i++) {
      dLogits.data[i] = (float) r.nextGaussian();
    }
  }

  @Benchmark
  public float step() {
    conv.forward(x, h, true);
    fc.forward(h, logits, true);
    fc.backward(h, logits, dLogits, dh);
    conv.backward(x, h, dh, null);
    float s = conv.weight().grad[0] + fc.weight().grad[0];
    zero(conv.parameters());
    zero(fc.parameters());
    return s;
  }

  private static void zero(List<Parameter> ps) {
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).zeroGrad();
    }
  }
}
