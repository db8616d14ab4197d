package dev.cnnc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cnnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check, summary, explain, compile, graph: outputs and exit codes as documented. */
class FrontEndCommandsTest {
  private static final Path SPEC = Path.of(System.getProperty("cnnc.root", "..")).resolve("spec");

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void checkAcceptsTheCorpusAndRejectsAlexNet224WithTheArithmetic() {
    Run ok = run("check", SPEC.resolve("ok/resnet18.cnn").toString(), SPEC.resolve("ok/googlenet.cnn").toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.err().contains("ok: 2 files checked"), ok.err());
    Run bad = run("check", SPEC.resolve("errors/alexnet_224.cnn").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("error[CNN040]") && bad.err().contains("54.25") && bad.err().contains("INPUT(227x227x3)"), bad.err());
    assertTrue(bad.err().contains("alexnet_224.cnn:5:8"), bad.err());
  }

  @Test
  void checkJsonListsDiagnosticsWithPositions() {
    Run r = run("check", "--format", "json", SPEC.resolve("errors/misspelled_argument.cnn").toString());
    assertEquals(1, r.code());
    JsonObject d = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject();
    assertEquals("CNN021", d.get("code").getAsString());
    assertEquals("error", d.get("severity").getAsString());
    assertEquals(2, d.get("line").getAsInt());
    assertTrue(d.get("column").getAsInt() > 1 && d.get("end_column").getAsInt() > d.get("column").getAsInt());
    assertTrue(d.getAsJsonArray("help").toString().contains("stride"));
  }

  @Test
  void summaryOfResNet18MatchesTorchvision() {
    Run text = run("summary", SPEC.resolve("ok/resnet18.cnn").toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("Trainable params: 11,689,512"), text.out());
    assertTrue(text.out().contains("MACs: 1,814,073,344"), text.out());
    Run json = run("summary", "--format", "json", SPEC.resolve("ok/resnet18.cnn").toString());
    JsonObject totals = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("totals");
    assertEquals(11_689_512L, totals.get("trainable").getAsLong());
    assertEquals(9_600L, totals.get("non_trainable").getAsLong());
    assertEquals(1_814_073_344L, totals.get("macs").getAsLong());
    assertEquals("[435,32]", totals.get("rf").toString());
  }

  @Test
  void summaryWithSetChangesTheFamily() {
    Run r = run("summary", "--format", "json", "--set", "N=3", "--set", "M=3", "--set", "K=2", SPEC.resolve("ok/family.cnn").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(112_522L, JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("totals").get("trainable").getAsLong());
  }

  @Test
  void explainPrintsTheCodesPage() {
    Run r = run("explain", "CNN040");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("# CNN040:"), r.out());
    assertEquals(2, run("explain", "CNN999").code());
  }

  @Test
  void compileWritesSourceAndJar(@TempDir Path dir) throws Exception {
    Run r = run("compile", "stdlib:lenet5_modern", "-o", dir.toString(), "--package", "demo.nets", "--jar");
    assertEquals(0, r.code(), r.err());
    Path java = dir.resolve("demo/nets/LeNet5Modern.java");
    assertTrue(Files.readString(java).contains("public final class LeNet5Modern implements Model"));
    assertTrue(Files.size(dir.resolve("LeNet5Modern.jar")) > 1000);
    assertEquals(2, run("compile", "stdlib:lenet5_modern", "-o", dir.toString(), "--package", "not a package").code());
  }

  @Test
  void graphPrintsDot() {
    Run r = run("graph", SPEC.resolve("ok/taps_residual.cnn").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("digraph \"TinyRes\"") && r.out().contains("->"), r.out());
  }

  @Test
  void usageAndIoErrorsHaveTheirExitCodes() {
    assertEquals(2, run("check", "--format", "xml", "x.cnn").code());
    assertEquals(2, run("bogus").code());
    assertEquals(2, run("summary", "--set", "novalue", SPEC.resolve("ok/family.cnn").toString()).code());
    Run missing = run("check", "no/such/file.cnn");
    assertEquals(3, missing.code());
    assertTrue(missing.err().contains("no/such/file.cnn"), missing.err());
    assertEquals(3, run("summary", "stdlib:resnet17").code());
    Run unknownParam = run("summary", "--set", "clases=10", SPEC.resolve("ok/family.cnn").toString());
    assertEquals(1, unknownParam.code());
    assertTrue(unknownParam.err().contains("classes"), unknownParam.err());
  }
}
