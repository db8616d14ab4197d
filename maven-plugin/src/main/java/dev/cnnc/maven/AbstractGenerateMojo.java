package dev.cnnc.maven;

import dev.cnnc.compiler.diag.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the {@code generate} and {@code generate-test} goals share: read the specs below a source
 * folder, generate a Java class per network into an output folder (only what changed), and add
 * that folder to the project's sources.
 */
public abstract class AbstractGenerateMojo extends AbstractMojo {
  /** The project being built. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** The plugin's own version, written into every generated class. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  protected String pluginVersion;

  /**
   * A package put in front of every spec's folder path: with {@code com.acme}, the spec
   * {@code nets/small.cnn} generates into {@code com.acme.nets} and {@code small.cnn} into {@code com.acme}.
   */
  @Parameter(property = "cnnc.packagePrefix", defaultValue = "")
  protected String packagePrefix;

  /** The package for specs at the root of the source folder when there is no package prefix. */
  @Parameter(property = "cnnc.defaultPackage", defaultValue = "cnnc.generated")
  protected String defaultPackage;

  /**
   * Values for network parameters, as {@code cnnc --set NAME=VALUE} gives them, e.g.
   * {@code <parameters><classes>10</classes></parameters>}. Each applies to the specs whose networks
   * declare that parameter ({@code round} to all); one that no network declares gives a warning.
   */
  @Parameter
  protected Map<String, String> parameters = new LinkedHashMap<>();

  /** Skips generation (and does not add the output folder to the sources). */
  @Parameter(property = "cnnc.skip", defaultValue = "false")
  protected boolean skip;

  /** The folder searched for {@code *.cnn} specs. */
  protected abstract File sourceDirectory();

  /** The folder the generated Java sources go into. */
  protected abstract File outputDirectory();

  /** The file that records what the last run generated, by content hash. */
  protected abstract File stateFile();

  /** Adds the output folder to the project's main or test sources. */
  protected abstract void addSourceRoot(String path);

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("cnnc: skipped");
      return;
    }
    Map<String, String> params = parameters == null ? Map.of() : parameters;
    String version = pluginVersion == null ? "dev" : pluginVersion;
    Generation generation = new Generation(sourceDirectory().toPath(), outputDirectory().toPath(),
        stateFile().toPath(), new SpecScanner(packagePrefix, defaultPackage), new SpecCompiler(version, params),
        Fingerprint.of(version, packagePrefix, defaultPackage, params), params);
    Generation.Outcome outcome;
    try {
      outcome = generation.run();
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("cnnc: I/O error: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException("cnnc: internal error (please report it): " + e, e);
    }
    addSourceRoot(outputDirectory().getAbsolutePath());
    for (Diagnostic d : outcome.diagnostics()) {
      DiagnosticLog.log(getLog(), d);
    }
    outcome.problems().forEach(p -> getLog().error("cnnc: " + p));
    outcome.warnings().forEach(w -> getLog().warn("cnnc: " + w));
    report(outcome);
    long errors = outcome.errorCount();
    if (errors > 0) {
      long files = outcome.filesWithErrors();
      throw new MojoFailureException("cnnc: " + errors + (errors == 1 ? " error" : " errors") + " in "
          + files + (files == 1 ? " file" : " files"));
    }
  }

  private void report(Generation.Outcome o) {
    if (o.specs() == 0) {
      getLog().info("cnnc: no specs in " + sourceDirectory());
      return;
    }
    getLog().info("cnnc: " + o.specs() + " spec(s): " + o.compiled().size() + " compiled, " + o.upToDate()
        + " up to date; " + o.written().size() + " file(s) written, " + o.deleted().size() + " deleted");
    if (getLog().isDebugEnabled()) {
      o.compiled().forEach(s -> getLog().debug("cnnc: compiled " + s));
      o.written().forEach(p -> getLog().debug("cnnc: wrote " + p));
      o.deleted().forEach(p -> getLog().debug("cnnc: deleted " + p));
    }
  }
}
