package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.Golden;
import dev.cnnc.compiler.load.SourceLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source of representative networks, compared with reviewed golden files
 * ({@code -Dcnnc.bless=true} regenerates them): a plain chain, blocks with repetition, GoogLeNet
 * with concat and weighted auxiliary outputs, ResNet-18 with add and BatchNorm folding.
 */
class GoldenCodegenTest {
  @ParameterizedTest
  @ValueSource(strings = {"textbook_line", "vgg16", "googlenet", "resnet18", "lenet5_1998"})
  void generatedSourceMatchesGolden(String name) throws Exception {
    Path spec = Path.of(System.getProperty("cnnc.root", "..")).resolve("spec/ok/" + name + ".cnn");
    var typed = GeneratedModels.typed(SourceLoader.readFile(spec, "spec/ok/" + name + ".cnn"), Map.of());
    String source = Codegen.generate(typed, new GeneratorOptions("cnnc.golden", null, "golden", "spec/ok/" + name + ".cnn",
        Codegen.sha256(name))).text();
    Golden.assertMatches(Golden.resources().resolve("codegen/" + name + ".java.txt"), source);
  }
}
