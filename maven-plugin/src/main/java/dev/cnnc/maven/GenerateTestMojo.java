package dev.cnnc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java model class for every network in the {@code .cnn} specs of
 * {@code src/test/cnn} and adds the output folder to the test sources.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {
  /** The folder searched for test {@code *.cnn} specs; sub-folders give the Java package. */
  @Parameter(property = "cnnc.testSourceDirectory", defaultValue = "${project.basedir}/src/test/cnn")
  private File testSourceDirectory;

  /** The folder the generated test sources go into (added as a test source root). */
  @Parameter(property = "cnnc.testOutputDirectory",
      defaultValue = "${project.build.directory}/generated-test-sources/cnn")
  private File testOutputDirectory;

  /** The state file that makes test generation incremental. */
  @Parameter(defaultValue = "${project.build.directory}/cnnc-test-state.json")
  private File testStateFile;

  @Override
  protected File sourceDirectory() {
    return testSourceDirectory;
  }

  @Override
  protected File outputDirectory() {
    return testOutputDirectory;
  }

  @Override
  protected File stateFile() {
    return testStateFile;
  }

  @Override
  protected void addSourceRoot(String path) {
    project.addTestCompileSourceRoot(path);
  }
}
