package dev.cnnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * src/it/incremental: two specs (one imports a block file) and Java code that uses both classes.
 * Also a test spec (generate-test) importing a standard-library block. Builds it four times: fresh, unchanged, after editing the block, after deleting a spec.
 */
class IncrementalIT {
  private static final String GEN = "target/generated-sources/cnn";

  @Test
  void regeneratesExactlyWhatChanged() throws Exception {
    Fixture f = Fixture.copy("incremental");

    f.mvn("test-compile").assertSuccess();
    Map<String, String> first = f.snapshot(GEN);
    assertEquals(Set.of("com/acme/SmallNet.java", "com/acme/Tiny.java"), first.keySet());
    assertTrue(Files.isRegularFile(f.dir.resolve("target/classes/com/acme/SmallNet.class")), "generated code compiles");
    assertTrue(Files.isRegularFile(f.dir.resolve("target/classes/com/acme/app/Use.class")), "user code sees it");
    // generate-test: src/test/cnn → generated-test-sources, with a stdlib import from the plugin's class path.
    assertTrue(Files.isRegularFile(f.dir.resolve("target/generated-test-sources/cnn/cnnc/generated/Probe.java")));
    assertTrue(Files.isRegularFile(f.dir.resolve("target/test-classes/cnnc/generated/Probe.class")));
    assertTrue(Files.readString(f.dir.resolve("target/cnnc-test-state.json")).contains("\"stdlib:vgg\""));

    // No change: nothing is rewritten, not even the state file.
    Path stateFile = f.dir.resolve("target/cnnc-state.json");
    String state = Fixture.stamp(stateFile);
    Fixture.Build second = f.mvn("test-compile").assertSuccess();
    assertEquals(first, f.snapshot(GEN), "second build must leave every output byte- and timestamp-identical");
    assertTrue(second.log().contains("0 compiled, 3 up to date; 0 file(s) written"), second.log());
    assertEquals(state, Fixture.stamp(stateFile), "the state file is not rewritten either");

    // Editing the imported block regenerates its dependant only.
    Path block = f.dir.resolve("src/main/cnn/com/acme/blocks/common.cnn");
    Files.writeString(block, Files.readString(block).replace("MAXPOOL(2)", "MAXPOOL(2) => DROPOUT(0.25)"));
    Fixture.Build third = f.mvn("test-compile").assertSuccess();
    Map<String, String> afterEdit = f.snapshot(GEN);
    assertNotEquals(first.get("com/acme/SmallNet.java"), afterEdit.get("com/acme/SmallNet.java"));
    assertEquals(first.get("com/acme/Tiny.java"), afterEdit.get("com/acme/Tiny.java"));
    assertTrue(third.log().contains("2 compiled, 1 up to date; 1 file(s) written"), third.log());

    // Deleting a spec deletes its class (the Java code that used it goes too).
    Files.delete(f.dir.resolve("src/main/cnn/com/acme/tiny.cnn"));
    Files.writeString(f.dir.resolve("src/main/java/com/acme/app/Use.java"),
        Files.readString(f.dir.resolve("src/main/java/com/acme/app/Use.java"))
            .replace("import com.acme.Tiny;\n", "").replace(", new Tiny(1, 1L)", ""));
    Fixture.Build fourth = f.mvn("test-compile").assertSuccess();
    assertEquals(Set.of("com/acme/SmallNet.java"), f.snapshot(GEN).keySet());
    assertEquals(afterEdit.get("com/acme/SmallNet.java"), f.snapshot(GEN).get("com/acme/SmallNet.java"));
    assertTrue(fourth.log().contains("1 deleted"), fourth.log());
    assertFalse(Files.exists(f.dir.resolve(GEN + "/com/acme/Tiny.java")));
  }
}
