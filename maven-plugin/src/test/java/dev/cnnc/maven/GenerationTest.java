package dev.cnnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incremental driver without Maven: what is compiled, written, kept and deleted. */
class GenerationTest {
  @TempDir
  Path tmp;

  private Generation.Outcome run(Map<String, String> params) throws IOException {
    return new Generation(tmp.resolve("cnn"), tmp.resolve("out"), tmp.resolve("state.json"),
        new SpecScanner("", "cnnc.generated"), new SpecCompiler("test", params),
        Fingerprint.of("test", "", "cnnc.generated", params), params).run();
  }

  private Generation.Outcome run() throws IOException {
    return run(Map.of());
  }

  private void write(String rel, String text) throws IOException {
    Path p = tmp.resolve("cnn").resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void packagesFollowFoldersAndRootFilesGoToTheDefault() throws IOException {
    write("a/b/net.cnn", "INPUT(8x8x1) => FC(2)\n");
    write("top.cnn", "INPUT(8x8x1) => FC(2)\n");
    Generation.Outcome o = run();
    assertEquals(0, o.errorCount(), o.toString());
    assertTrue(Files.readString(tmp.resolve("out/a/b/Net.java")).contains("package a.b;"));
    assertTrue(Files.readString(tmp.resolve("out/cnnc/generated/Top.java")).contains("package cnnc.generated;"));
  }

  @Test
  void prefixGoesInFront() throws IOException {
    SpecScanner s = new SpecScanner("com.acme", "ignored");
    assertEquals("com.acme.nets", s.packageOf("nets/x.cnn"));
    assertEquals("com.acme", s.packageOf("x.cnn"));
    assertEquals("cnnc.generated", new SpecScanner(null, "cnnc.generated").packageOf("x.cnn"));
  }

  @Test
  void aFolderThatIsNoPackageIsAnError() throws IOException {
    write("my-nets/x.cnn", "INPUT(8x8x1) => FC(2)\n");
    Generation.Outcome o = run();
    assertEquals(1, o.problems().size());
    assertTrue(o.problems().get(0).message().contains("my-nets"), o.problems().toString());
  }

  @Test
  void secondRunWritesNothingAndDeletedSpecsLoseTheirClasses() throws IOException {
    write("n/one.cnn", "INPUT(8x8x1) => FC(2)\n");
    write("n/two.cnn", "INPUT(8x8x1) => FC(3)\n");
    assertEquals(2, run().written().size());
    Generation.Outcome again = run();
    assertEquals(List.of(), again.compiled());
    assertEquals(List.of(), again.written());
    Files.delete(tmp.resolve("cnn/n/two.cnn"));
    Generation.Outcome after = run();
    assertEquals(List.of(tmp.resolve("out/n/Two.java")), after.deleted());
    assertTrue(Files.exists(tmp.resolve("out/n/One.java")));
  }

  @Test
  void lastSpecOfAPackageTakesItsFolderAlong() throws IOException {
    write("gone/x.cnn", "INPUT(8x8x1) => FC(2)\n");
    run();
    Files.delete(tmp.resolve("cnn/gone/x.cnn"));
    run();
    assertFalse(Files.exists(tmp.resolve("out/gone")));
    assertTrue(Files.isDirectory(tmp.resolve("out")));
  }

  @Test
  void aHandEditedOutputIsRegenerated() throws IOException {
    write("n/one.cnn", "INPUT(8x8x1) => FC(2)\n");
    run();
    Path out = tmp.resolve("out/n/One.java");
    String original = Files.readString(out);
    Files.writeString(out, "// edited\n" + original);
    assertEquals(List.of("n/one.cnn"), run().compiled());
    assertEquals(original, Files.readString(out));
  }

  @Test
  void aFailingSpecKeepsItsClassesUntilItCompilesAgain() throws IOException {
    write("n/one.cnn", "INPUT(8x8x1) => FC(2)\n");
    run();
    write("n/one.cnn", "INPUT(8x8x1) => CONV(4, 3x3, stride=2) => FC(2)\n"); // (8-3)/2+1 = 3.5
    Generation.Outcome broken = run();
    assertEquals(1, broken.errorCount());
    assertEquals(1, broken.filesWithErrors());
    assertTrue(Files.exists(tmp.resolve("out/n/One.java")));
    assertEquals(1, run().errorCount(), "still reported on the next run");
    Files.delete(tmp.resolve("cnn/n/one.cnn"));
    assertEquals(List.of(tmp.resolve("out/n/One.java")), run().deleted());
  }

  @Test
  void twoSpecsGeneratingOneClassIsAnError() throws IOException {
    write("n/a.cnn", "network Same { INPUT(8x8x1) => FC(2) }\n");
    write("n/b.cnn", "network Same { INPUT(8x8x1) => FC(3) }\n");
    Generation.Outcome o = run();
    assertEquals(1, o.problems().size(), o.problems().toString());
    assertTrue(o.problems().get(0).message().contains("n/Same.java"));
  }

  @Test
  void parametersApplyWhereDeclaredAndUnusedOnesWarn() throws IOException {
    write("n/p.cnn", "network P(classes=2) { INPUT(8x8x1) => FC(classes) }\n");
    write("n/blocks.cnn", "let B = FC(4)\n");
    Generation.Outcome o = run(Map.of("classes", "7", "nope", "1"));
    assertEquals(0, o.errorCount(), o.toString());
    assertTrue(Files.readString(tmp.resolve("out/n/P.java")).contains("7"));
    assertEquals(1, o.warnings().size());
    assertTrue(o.warnings().get(0).contains("`nope`"));
  }

  @Test
  void aDamagedStateOnlyCostsAFullRun() throws IOException {
    write("n/one.cnn", "INPUT(8x8x1) => FC(2)\n");
    run();
    Files.writeString(tmp.resolve("state.json"), "{ not json");
    Generation.Outcome o = run();
    assertEquals(List.of("n/one.cnn"), o.compiled());
    assertEquals(List.of(), o.written(), "same content: the file is left alone");
  }
}
