package dev.cnnc.cli.bench;

import dev.cnnc.cli.LoadedModel;
import dev.cnnc.cli.ModelLoader;
import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.optim.Adam;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Parameter;
import dev.cnnc.runtime.tensor.Tensor;
import dev.cnnc.runtime.train.LossKind;
import dev.cnnc.runtime.train.TrainStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code cnnc-bench GROUP REPS}: times one workload group of the peer harness
 * ({@code shared/bench/README.md}) exactly as it times DJL and ONNX Runtime — 3 untimed warm-up
 * iterations, one calibration iteration, then REPS repetitions of at least BENCH_TARGET_SEC seconds
 * (default 3) each — and prints its {@code RESULT} lines with {@code lib=cnnc}: median, min and max
 * images/s and ms per iteration, then one {@code mode=process} line with peak RSS and wall time.
 * Training is forward + backward + Adam update on one fixed random batch; inference a forward.
 */
public final class BenchMain {
  /** A workload group: spec, input and the batches the harness measures. */
  record Group(String spec, int[] train, int[] infer, String note) {}

  /** The peers' lenet5 is the classic one on 32x32 (tanh, average pooling, C5 as a convolution): 61,706 parameters. */
  static final String LENET5_32 = """
      # The bench's lenet5 workload: LeNet-5 on 32x32x1 as the peers build it (tanh, average pooling).
      network LeNet5Bench(classes=10) {
        INPUT(32x32x1)
          => CONV(6, 5x5, act=tanh) => AVGPOOL(2)
          => CONV(16, 5x5, act=tanh) => AVGPOOL(2)
          => CONV(120, 5x5, act=tanh) => FLATTEN
          => FC(84, act=tanh) => FC(classes)
      }
      """;

  static final Map<String, Group> GROUPS = Map.of(
      "fashion-cnn", new Group("stdlib:fashion_cnn", new int[] {64, 128}, new int[] {128}, null),
      "lenet5", new Group(null, new int[] {64}, new int[] {256}, "tanh/avgpool LeNet-5 on 32x32x1 (stdlib:lenet5_modern takes 28x28)"),
      "resnet18", new Group("stdlib:resnet18", new int[] {8}, new int[] {1, 8}, null),
      "resnet50", new Group("stdlib:resnet50", new int[] {}, new int[] {1, 8}, null),
      "vgg16", new Group("stdlib:vgg16", new int[] {}, new int[] {1, 8}, null),
      "alexnet", new Group("stdlib:alexnet", new int[] {}, new int[] {1, 8}, null));

  private static double targetSec = 3.0;
  private static int reps = 5;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    if (args.length < 1 || !GROUPS.containsKey(args[0])) {
      System.err.println("usage: cnnc-bench GROUP [REPS]   GROUP = " + String.join(" | ", new java.util.TreeSet<>(GROUPS.keySet()))
          + "; env BENCH_TARGET_SEC (default 3), BENCH_ONLY=train|infer, CNNC_THREADS");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    String name = args[0];
    reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String ts = System.getenv("BENCH_TARGET_SEC");
    targetSec = ts == null || ts.isBlank() ? 3.0 : Double.parseDouble(ts);
    String threads = System.getenv("CNNC_THREADS");
    if (threads != null && !threads.isBlank()) {
      Parallel.setThreads(Integer.parseInt(threads.strip()));
    }
    Group g = GROUPS.get(name);
    String only = System.getenv("BENCH_ONLY");
    int[] train = "infer".equals(only) ? new int[0] : g.train();
    int[] infer = "train".equals(only) ? new int[0] : g.infer();
    int maxBatch = Math.max(Arrays.stream(train).max().orElse(1), Arrays.stream(infer).max().orElse(1));
    Model model = load(g, maxBatch).model();
    System.out.println("INFO\tlib=cnnc\tjvm=" + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
        + ")\tthreads=" + Parallel.threads() + "\tnetwork=" + model.name() + (g.note() == null ? "" : "\tnote=" + g.note()));
    long[] params = params(model);
    String paramText = params[0] + (params[0] == params[1] ? "" : "\tparams_excl_bn_running_stats=" + params[1]);
    int[] in = model.inputShape();
    int classes = model.outputs().get(0).size();
    Tensor x = Tensor.zeros(maxBatch, in[0], in[1], in[2]);
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = (float) (r.nextDouble() * 2 - 1);
    }
    int[] labels = new int[maxBatch];
    for (int i = 0; i < maxBatch; i++) {
      labels[i] = r.nextInt(classes);
    }
    for (int b : infer) {
      Tensor xb = x.withBatch(b);
      report(name, "infer", b, time(() -> model.forward(xb, false)), paramText);
    }
    for (int b : train) {
      Tensor xb = x.withBatch(b);
      TrainStep step = new TrainStep(model, LossKind.CROSSENTROPY, new Adam(1e-4f), 0);
      report(name, "train", b, time(() -> step.run(xb, labels)), paramText);
    }
    System.out.printf("RESULT\tlib=cnnc\tgroup=%s\tmode=process\tpeak_rss_mb=%.0f\twall_s=%.1f%n", name, peakRssMb(),
        (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    System.exit(0);
  }

  private static LoadedModel load(Group g, int maxBatch) throws IOException {
    if (g.spec() != null) {
      return ModelLoader.load(g.spec(), Map.of(), maxBatch, null, 42);
    }
    Path spec = Files.createTempFile("cnnc-bench-lenet5-", ".cnn");
    try {
      Files.writeString(spec, LENET5_32, StandardCharsets.UTF_8);
      return ModelLoader.load(spec.toString(), Map.of(), maxBatch, null, 42);
    } finally {
      Files.deleteIfExists(spec);
    }
  }

  /** {all parameter values, those that are not BN running statistics}. */
  private static long[] params(Model m) {
    long all = 0;
    long excl = 0;
    for (Parameter p : m.parameters()) {
      all += p.size();
      if (!p.name().endsWith(".running_mean") && !p.name().endsWith(".running_var")) {
        excl += p.size();
      }
    }
    return new long[] {all, excl};
  }

  /** The harness's timing: 3 warm-ups, one calibration run, REPS repetitions of ≥ targetSec. */
  private static double[] time(Runnable s) {
    for (int i = 0; i < 3; i++) {
      s.run();
    }
    long c0 = System.nanoTime();
    s.run();
    double one = (System.nanoTime() - c0) / 1e9;
    int iters = (int) Math.max(1, Math.ceil(targetSec / Math.max(one, 1e-6)));
    double[] out = new double[reps];
    for (int k = 0; k < reps; k++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        s.run();
      }
      out[k] = (System.nanoTime() - t0) / 1e9 / iters;
    }
    return out;
  }

  private static void report(String group, String mode, int batch, double[] secPerIter, String params) {
    double[] s = secPerIter.clone();
    double[] ips = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      ips[i] = batch / s[i];
    }
    Arrays.sort(s);
    Arrays.sort(ips);
    System.out.printf("RESULT\tlib=cnnc\tgroup=%s\tmode=%s\tbatch=%d\timg_per_s=%.2f\timg_per_s_min=%.2f\timg_per_s_max=%.2f"
            + "\tms_per_iter=%.2f\tms_per_iter_min=%.2f\tms_per_iter_max=%.2f\treps=%d\tparams=%s%n",
        group, mode, batch, median(ips), ips[0], ips[ips.length - 1], median(s) * 1e3, s[0] * 1e3, s[s.length - 1] * 1e3,
        s.length, params);
    System.out.flush();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  /** Peak resident set size (VmHWM), MiB. */
  private static double peakRssMb() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      for (String l : lines) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: report -1 as the peers do.
    }
    return -1;
  }
}
