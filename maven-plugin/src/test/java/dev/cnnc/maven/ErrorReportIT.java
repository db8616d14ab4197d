package dev.cnnc.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** src/it/alexnet-error: a shape error fails the build, reported at its file:line:col with the snippet. */
class ErrorReportIT {
  @Test
  void alexNet224FailsAtItsLine() throws Exception {
    Fixture f = Fixture.copy("alexnet-error");
    Fixture.Build b = f.mvn("generate-sources");
    String log = b.log();
    assertNotEquals(0, b.exitCode(), log);
    String spec = f.dir.resolve("src/main/cnn/nets/alexnet_224.cnn").toString();
    assertTrue(log.contains("[ERROR] " + spec + ":5:8: error[CNN040] "), log);
    assertTrue(log.contains("5 |     => CONV(96, 11x11, stride=4, act=relu) => LRN"), "snippet: " + log);
    assertTrue(log.contains("54.25"), log);
    assertTrue(log.contains("cnnc: 1 error in 1 file"), log);
    assertFalse(Files.exists(f.dir.resolve("target/generated-sources/cnn/nets/AlexNet.java")));
  }
}
