package dev.cnnc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java model class for every network in the {@code .cnn} specs of
 * {@code src/main/cnn} and adds the output folder to the main sources.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
  /** The folder searched for {@code *.cnn} specs; sub-folders give the Java package. */
  @Parameter(property = "cnnc.sourceDirectory", defaultValue = "${project.basedir}/src/main/cnn")
  private File sourceDirectory;

  /** The folder the generated Java sources go into (added as a compile source root). */
  @Parameter(property = "cnnc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/cnn")
  private File outputDirectory;

  /** The state file that makes generation incremental (content hashes of specs, imports, outputs). */
  @Parameter(defaultValue = "${project.build.directory}/cnnc-state.json")
  private File stateFile;

  @Override
  protected File sourceDirectory() {
    return sourceDirectory;
  }

  @Override
  protected File outputDirectory() {
    return outputDirectory;
  }

  @Override
  protected File stateFile() {
    return stateFile;
  }

  @Override
  protected void addSourceRoot(String path) {
    project.addCompileSourceRoot(path);
  }
}
