package dev.cnnc.maven;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last run generated, by content hash: for each spec (path relative to the source root)
 * the SHA-256 of its text, of every file it imports (transitively; on-disk paths or
 * {@code stdlib:NAME}) and of every file it generated (paths relative to the output root). The
 * {@code fingerprint} covers everything else that shapes the output (cnnc version, packages,
 * parameters): when it differs, every spec is stale. A missing or unreadable state is empty.
 */
final class BuildState {
  static final int FORMAT = 1;
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** One spec's record; maps are sorted so the file is stable. */
  static final class Entry {
    String sha256;
    TreeMap<String, String> imports = new TreeMap<>();
    TreeMap<String, String> outputs = new TreeMap<>();

    private Entry() {} // for Gson

    Entry(String sha256, Map<String, String> imports, Map<String, String> outputs) {
      this.sha256 = sha256;
      this.imports = new TreeMap<>(imports);
      this.outputs = new TreeMap<>(outputs);
    }
  }

  int format = FORMAT;
  String fingerprint = "";
  /** The absolute output root the outputs below are relative to. */
  String outputDirectory;
  TreeMap<String, Entry> specs = new TreeMap<>();

  static BuildState load(Path file) {
    if (!Files.isRegularFile(file)) {
      return new BuildState();
    }
    try {
      BuildState s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), BuildState.class);
      if (s == null || s.format != FORMAT || s.specs == null) {
        return new BuildState();
      }
      s.specs.values().removeIf(e -> e == null || e.sha256 == null || e.imports == null || e.outputs == null);
      return s;
    } catch (IOException | JsonParseException e) {
      return new BuildState(); // a damaged state only costs a full regeneration
    }
  }

  /** Writes the state (atomically; untouched when unchanged). */
  void save(Path file) throws IOException {
    AtomicOutput.writeIfChanged(file, GSON.toJson(this) + "\n");
  }
}
