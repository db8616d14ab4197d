package dev.cnnc.cli.commands;

import dev.cnnc.cli.LoadedModel;
import dev.cnnc.cli.ModelLoader;
import java.io.IOException;
import java.util.Map;

/**
 * How train, eval and predict turn a SPEC into a model: {@link ModelLoader} (generate, compile,
 * instantiate). A seam so CLI tests can run the commands on a hand-written model.
 */
final class ModelSource {
  @FunctionalInterface
  interface Loader {
    LoadedModel load(String spec, Map<String, String> overrides, int maxBatch, String network, long seed) throws IOException;
  }

  static volatile Loader loader = ModelLoader::load;

  private ModelSource() {}

  static LoadedModel load(String spec, Map<String, String> overrides, int maxBatch, String network, long seed) throws IOException {
    return loader.load(spec, overrides, maxBatch, network, seed);
  }
}
