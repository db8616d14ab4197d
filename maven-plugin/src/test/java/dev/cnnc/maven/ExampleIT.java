package dev.cnnc.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/fashion-mnist-maven, built and run as a user would: {@code mvn package exec:exec}
 * trains the generated network for one epoch on the repository's Fashion-MNIST sample (5,000
 * training images, so the run is short and the same on every machine). It reaches about 79% test
 * accuracy; chance is 10%.
 */
class ExampleIT {
  @Test
  void examplePackagesTrainsAndBeatsChance() throws Exception {
    Path root = Path.of(System.getProperty("cnnc.root", Fixture.MODULE.getParent().toString()));
    Fixture f = Fixture.copy(root.resolve("examples/fashion-mnist-maven"), "example");
    Path sample = root.resolve("data/fashion-mnist-sample");
    Fixture.Build b = f.mvn("package", "exec:exec", "-Dcnnc.version=" + Fixture.VERSION,
        "-Dtrain.epochs=1", "-Dtrain.data=" + sample).assertSuccess();
    assertTrue(Files.isRegularFile(f.dir.resolve("target/generated-sources/cnn/example/Fashion.java")), b.log());
    Matcher m = Pattern.compile("test accuracy: ([0-9.]+)").matcher(b.log());
    assertTrue(m.find(), b.log());
    double accuracy = Double.parseDouble(m.group(1));
    assertTrue(accuracy > 0.6, "test accuracy " + accuracy + " after one epoch:\n" + b.log());
    // The run lands beside the build's outputs, not in a temporary folder nobody finds.
    assertTrue(Files.isRegularFile(f.dir.resolve("target/fashion-run/model.safetensors")), b.log());
  }
}
