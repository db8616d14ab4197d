package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.analysis.Analyzer;
import dev.cnnc.compiler.analysis.Summary;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.load.SourceLoader;
import dev.cnnc.compiler.shapes.TypedNetwork;
import dev.cnnc.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every standard-library model against the reference figures of the project's models table
 * (shared/reference/models.md), read from the class path exactly as {@code stdlib:NAME} is.
 */
class StdlibModelsTest {
  /** The block files: importable, not listed in INDEX, define no network. */
  static final List<String> BLOCK_FILES = List.of("resnet", "inception", "vgg");

  /**
   * name, --set overrides, main output shape, trainable, non-trainable, MACs, receptive field (size/jump,
   * "-" when the table gives none).
   */
  static Stream<Arguments> reference() {
    return Stream.of(
        row("lenet5", "", "10", 60_000, 840, 325_680, "32/4"),
        row("lenet5_modern", "", "10", 61_706, 0, 416_520, "16/4"),
        row("alexnet", "", "1000", 62_378_344, 0, 1_135_256_096L, "195/32"),
        row("alexnet_torchvision", "", "1000", 61_100_840, 0, 714_188_480L, "195/32"),
        row("zfnet", "", "1000", 62_357_608, 0, 1_168_032_896L, "171/32"),
        row("vgg11", "", "1000", 132_863_336, 0, 7_609_090_048L, "150/32"),
        row("vgg13", "", "1000", 133_047_848, 0, 11_308_466_176L, "156/32"),
        row("vgg16", "", "1000", 138_357_544, 0, 15_470_264_320L, "212/32"),
        row("vgg19", "", "1000", 143_667_240, 0, 19_632_062_464L, "268/32"),
        row("googlenet", "", "1000", 13_378_280, 0, 1_591_044_096L, "-"),
        row("googlenet", "aux=0", "1000", 6_998_552, 0, 1_582_671_872L, "-"),
        row("resnet18", "", "1000", 11_689_512, 9_600, 1_814_073_344L, "435/32"),
        row("resnet34", "", "1000", 21_797_672, 17_024, 3_663_761_408L, "899/32"),
        row("resnet50", "", "1000", 25_557_032, 53_120, 4_089_184_256L, "427/32"),
        row("resnet50_v1", "", "1000", 25_557_032, 53_120, 3_857_973_248L, "483/32"),
        row("resnet101", "", "1000", 44_549_160, 105_344, 7_801_405_440L, "971/32"),
        row("resnet152", "", "1000", 60_192_808, 151_424, 11_513_626_624L, "1451/32"),
        row("fashion_cnn", "", "10", 1_413_834, 0, 89_466_496, "38/8"),
        // Not in the reference table; computed by hand (see the files' comments and docs/models/).
        row("shallownet", "", "10", 328_586, 0, 1_212_416, "3/1"),
        row("minivgg", "", "10", 2_169_770, 1_408, 26_579_968, "16/4"),
        // The network parameters work: 10 classes shrink only the last FC layer.
        row("resnet50", "classes=10", "10", 25_557_032 - 2048 * 990 - 990, 53_120, 4_089_184_256L - 2048 * 990, "427/32"),
        row("vgg16", "classes=10", "10", 138_357_544 - 4096 * 990 - 990, 0, 15_470_264_320L - 4096 * 990, "212/32"));
  }

  /**
   * Warnings a model is expected to give, by code, with why. Everything else must check clean.
   * CNN060 (rows never read) is what flooring means: the book's 7x7 -> 3x3 pooling in fashion_cnn
   * (stride-2 1x1 shortcuts skip rows by design and are not warned about). Switching googlenet's
   * auxiliary heads off with aux=0 is deliberate and gives no warning.
   */
  static final Map<String, Map<String, Integer>> EXPECTED_WARNINGS = Map.of(
      "fashion_cnn", Map.of("CNN060", 1));

  private static Arguments row(String name, String sets, String output, long trainable, long nonTrainable,
      long macs, String rf) {
    return Arguments.of(name, sets, output, trainable, nonTrainable, macs, rf);
  }

  private static Map<String, String> overrides(String sets) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : sets.split("\\s+")) {
      if (!kv.isEmpty()) {
        out.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    return out;
  }

  private static Compilation compile(String name, String sets) throws IOException {
    SourceFile file = CnnCompiler.read(SourceLoader.STDLIB_PREFIX + name);
    return CnnCompiler.check(file, overrides(sets));
  }

  private static String show(List<Diagnostic> ds) {
    StringBuilder b = new StringBuilder();
    for (Diagnostic d : ds) {
      b.append('\n').append(d.severity()).append(' ').append(d.code()).append(": ").append(d.message());
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("reference")
  void matchesTheReferenceFigures(String name, String sets, String output, long trainable, long nonTrainable,
      long macs, String rf) throws IOException {
    Compilation c = compile(name, sets);
    assertFalse(c.hasErrors(), () -> name + " has errors:" + show(c.diagnostics()));
    assertEquals(1, c.networks().size(), name + " defines one network");
    TypedNetwork typed = c.networks().get(0);
    Summary s = Analyzer.summarize(typed);
    assertEquals(output, typed.shape(s.outputs().get(0).node()).show(), name + " output shape");
    assertEquals(trainable, s.trainable(), name + " trainable parameters");
    assertEquals(nonTrainable, s.nonTrainable(), name + " non-trainable parameters");
    assertEquals(macs, s.macs(), name + " MACs");
    if (!rf.equals("-")) {
      assertEquals(rf, s.rfSize() + "/" + s.rfJump(), name + " receptive field size/jump");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("reference")
  void givesOnlyTheDocumentedWarnings(String name, String sets) throws IOException {
    Compilation c = compile(name, sets);
    Map<String, Integer> got = new TreeMap<>();
    c.diagnostics().forEach(d -> got.merge(d.code().name(), 1, Integer::sum));
    String key = sets.isEmpty() || sets.startsWith("classes=") ? name : name + " " + sets;
    assertEquals(new TreeMap<>(EXPECTED_WARNINGS.getOrDefault(key, Map.of())), got,
        () -> key + " diagnostics:" + show(c.diagnostics()));
  }

  @Test
  void googlenetHasTwoWeightedAuxiliaryOutputs() throws IOException {
    Summary s = Analyzer.summarize(compile("googlenet", "").networks().get(0));
    assertEquals(List.of("main", "aux1", "aux2"), s.outputs().stream().map(o -> o.name()).toList());
    assertEquals(List.of(1.0, 0.3, 0.3), s.outputs().stream().map(o -> o.weight()).toList());
    for (var o : s.outputs()) {
      assertEquals("1000", s.typed().shape(o.node()).show(), o.name());
    }
  }

  @Test
  void blockFilesCheckCleanAndDefineNoNetwork() throws IOException {
    for (String name : BLOCK_FILES) {
      Compilation c = compile(name, "");
      assertTrue(c.diagnostics().isEmpty(), () -> name + ":" + show(c.diagnostics()));
      assertTrue(c.networks().isEmpty(), name + " defines blocks only");
    }
  }

  @Test
  void indexListsEveryModelOnceAndEveryModelIsTested() throws IOException {
    List<String> index = SourceLoader.stdlibNames();
    assertEquals(index.stream().distinct().toList(), index, "INDEX has no duplicates");
    List<String> tested = reference().map(a -> (String) a.get()[0]).distinct().toList();
    assertEquals(new java.util.TreeSet<>(index), new java.util.TreeSet<>(tested));
    for (String name : index) {
      assertTrue(SourceLoader.stdlib(name).isPresent(), name + " is listed in INDEX but has no file");
      assertFalse(BLOCK_FILES.contains(name));
    }
  }

  @Test
  void everyFileInTheResourceFolderIsAModelOrABlockFile() throws IOException {
    Path dir = resourceDir();
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".cnn"))
          .forEach(f -> files.add(f.substring(0, f.length() - 4)));
    }
    List<String> known = new ArrayList<>(SourceLoader.stdlibNames());
    known.addAll(BLOCK_FILES);
    assertEquals(new java.util.TreeSet<>(known), new java.util.TreeSet<>(files));
  }

  @Test
  void everyModelHasATrainBlockAndADocumentPage() throws IOException {
    Path docs = Path.of(System.getProperty("cnnc.root", ".."), "docs", "models");
    for (String name : SourceLoader.stdlibNames()) {
      TypedNetwork n = compile(name, "").networks().get(0);
      assertTrue(n.network().train().values().containsKey("optimizer"), name + " has train { optimizer = … }");
      // RBF outputs (LeNet-5 1998) are always trained with LeCun's criterion: no loss to choose.
      boolean rbf = n.network().outputs().get(0).node().op() == dev.cnnc.compiler.ir.Op.RBF;
      assertTrue(rbf || n.network().train().values().containsKey("loss"), name + " has train { loss = … }");
      if (Files.isDirectory(docs)) {
        assertTrue(Files.isRegularFile(docs.resolve(name + ".md")), "docs/models/" + name + ".md exists");
      }
    }
  }

  private static Path resourceDir() throws IOException {
    try (InputStream in = StdlibModelsTest.class.getClassLoader().getResourceAsStream("cnnc/stdlib/INDEX")) {
      assertTrue(in != null, "INDEX is on the class path");
      new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Path.of(StdlibModelsTest.class.getClassLoader().getResource("cnnc/stdlib/INDEX").toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
