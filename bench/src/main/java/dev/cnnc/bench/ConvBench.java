package dev.cnnc.bench;

import dev.cnnc.runtime.parallel.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward of every Fashion-MNIST CNN and ResNet-18 convolution; the "gflop" secondary
 * result is useful GFLOP/s. The full matrix is long: narrow it with -p layer=… -p batch=….
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
@State(Scope.Benchmark)
public class ConvBench {
  @Param({"fm.conv1", "fm.conv2", "fm.conv3", "fm.conv4", "fm.conv5", "r18.stem", "r18.3x3_64",
      "r18.3x3s2_128", "r18.1x1s2_128", "r18.3x3_128", "r18.3x3s2_256", "r18.1x1s2_256",
      "r18.3x3_256", "r18.3x3s2_512", "r18.1x1s2_512", "r18.3x3_512"})
  public String layer;

  @Param({"8", "64"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  private ConvCase conv;

  /** Counts GFLOP done; JMH reports it per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public double gflop;

    @Setup(Level.Iteration)
    public void reset() {
      gflop = 0;
    }
  }

  @Setup
  public void setUp() {
    Parallel.setThreads(threads);
    conv = new ConvCase(ConvShapes.all().get(layer), batch);
  }

  @Benchmark
  public float forward(Flops f) {
    conv.forward();
    f.gflop += conv.flops(false) * 1e-9;
    return conv.y.data[0];
  }

  @Benchmark
  public float backward(Flops f) {
    conv.backward();
    f.gflop += conv.flops(true) * 1e-9;
    return conv.conv.weight().grad[0];
  }
}
