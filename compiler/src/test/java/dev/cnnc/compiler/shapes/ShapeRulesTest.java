package dev.cnnc.compiler.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.CnnCompiler;
import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.TextRenderer;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.source.SourceFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One row per shape rule and corner case: a chain, and either the output shape of its last layer
 * (with the padding it used, for windowed layers) or the code of the error it must give.
 */
class ShapeRulesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # chain                                                               | shape or error | padding (t,b,l,r)
      INPUT(28x28x1) => CONV(6, 5x5)                                          | 24x24x6        | 0,0,0,0
      INPUT(28x28x1) => CONV(6, 5x5, pad=2)                                   | 28x28x6        | 2,2,2,2
      INPUT(32x32x3) => CONV(8, 3x3, stride=2, pad=1, round=floor)            | 16x16x8        | 1,1,1,1
      INPUT(227x227x3) => CONV(96, 11x11, stride=4)                           | 55x55x96       | 0,0,0,0
      INPUT(224x224x3) => CONV(96, 11x11, stride=4)                           | CNN040         |
      INPUT(224x224x3) => CONV(64, 11x11, stride=4, pad=2, round=floor)       | 55x55x64       | 2,2,2,2
      INPUT(224x224x3) => CONV(96, 11x11, stride=4, round=ceil)               | 55x55x96       | 0,0,0,0
      INPUT(224x224x3) => CONV(96, 11x11, stride=4, pad=same)                 | 56x56x96       | 3,4,3,4
      INPUT(224x224x3) => CONV(64, 7x7, stride=2, pad=same)                   | 112x112x64     | 2,3,2,3
      INPUT(5x5x1) => CONV(1, 3x3, dilation=2)                                | 1x1x1          | 0,0,0,0
      INPUT(5x5x1) => CONV(1, 3x3, dilation=3)                                | CNN041         |
      INPUT(4x4x1) => CONV(1, 5x5)                                            | CNN041         |
      INPUT(4x4x1) => CONV(1, 5x5, pad=same)                                  | 4x4x1          | 2,2,2,2
      INPUT(8x6x1) => CONV(2, 3x1, pad=(1, 1, 0, 0))                          | 8x6x2          | 1,1,0,0
      INPUT(8x8x4) => CONV(6, 3x3, groups=2, pad=1)                           | 8x8x6          | 1,1,1,1
      INPUT(8x8x3) => CONV(6, 3x3, groups=2)                                  | CNN044         |
      INPUT(8x8x3) => CONV(2, 1x1, connections=[[0], [1, 3]])                 | CNN046         |
      INPUT(8x8x3) => CONV(3, 1x1, connections=[[0], [1, 2]])                 | CNN046         |
      INPUT(7x7x3) => MAXPOOL(2)                                              | CNN040         |
      INPUT(7x7x3) => MAXPOOL(2, round=floor)                                 | 3x3x3          | 0,0,0,0
      INPUT(7x7x3) => MAXPOOL(2, round=ceil)                                  | 4x4x3          | 0,0,0,0
      # PyTorch's rule: a ceil-mode window must start inside the input or its left padding
      INPUT(5x5x1) => MAXPOOL(2, stride=2, pad=1, round=ceil)                 | 3x3x1          | 1,1,1,1
      INPUT(6x6x1) => MAXPOOL(3x3, stride=3, pad=1, round=ceil)               | 3x3x1          | 1,1,1,1
      INPUT(110x110x96) => MAXPOOL(3x3, stride=2, round=ceil)                 | 55x55x96       | 0,0,0,0
      INPUT(112x112x64) => MAXPOOL(3x3, stride=2, pad=same)                   | 56x56x64       | 0,1,0,1
      INPUT(112x112x64) => MAXPOOL(3x3, stride=2, pad=1, round=floor)         | 56x56x64       | 1,1,1,1
      INPUT(14x14x8) => AVGPOOL(5x5, stride=3)                                | 4x4x8          | 0,0,0,0
      INPUT(28x28x6) => SUBSAMPLE(2x2)                                        | 14x14x6        | 0,0,0,0
      INPUT(7x7x32) => GAP                                                    | 1x1x32         |
      INPUT(7x7x18) => DEPTHPOOL(3)                                           | 7x7x6          |
      INPUT(7x7x20) => DEPTHPOOL(3)                                           | CNN045         |
      INPUT(7x7x8) => FC(10)                                                  | 10             |
      INPUT(7x7x8) => FLATTEN                                                 | 392            |
      INPUT(7x7x8) => FC(10) => CONV(4)                                       | CNN047         |
      INPUT(7x7x8) => PAD((1, 2, 3, 4))                                       | 10x14x8        | 1,2,3,4
      INPUT(7x7x8) => BN => LRN => DROPOUT(0.5) => ELU => SOFTMAX             | 7x7x8          |
      INPUT(7x7x8) => FC(84) => RBF(10)                                       | 10             |
      INPUT(28x28x192) => concat(CONV(64, 1x1), CONV(32, 3x3, pad=same))      | 28x28x96       |
      INPUT(28x28x192) => concat(CONV(64, 1x1), CONV(32, 3x3))                | CNN042         |
      INPUT(8x8x4) => add(CONV(4, 3x3, pad=1), ID)                            | 8x8x4          |
      INPUT(8x8x4) => add(CONV(8, 3x3, pad=1), ID)                            | CNN043         |
      INPUT(8x8x4) => add(CONV(4, 3x3, stride=2, pad=1, round=floor), ID)     | CNN043         |
      """)
  void shapeRule(String chain, String expected, String padding) {
    Compilation c = CnnCompiler.check(SourceFile.of("rule.cnn", chain), Map.of());
    String rendered = TextRenderer.render(c.diagnostics());
    if (expected.startsWith("CNN")) {
      assertTrue(c.diagnostics().stream().anyMatch(d -> d.isError() && d.code().name().equals(expected)),
          () -> chain + " should give " + expected + " but gives:\n" + rendered);
      return;
    }
    assertFalse(c.hasErrors(), () -> chain + ":\n" + rendered);
    TypedNetwork t = c.networks().get(0);
    List<Node> nodes = t.network().nodes();
    Node last = nodes.get(nodes.size() - 1);
    assertEquals(expected, t.shape(last).show(), chain);
    if (padding != null) {
      var p = t.info(last).padding();
      assertEquals(padding, p.top() + "," + p.bottom() + "," + p.left() + "," + p.right(), chain + " padding");
    }
  }
}
