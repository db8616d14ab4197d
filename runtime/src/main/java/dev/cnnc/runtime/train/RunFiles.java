package dev.cnnc.runtime.train;

import dev.cnnc.runtime.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The human-facing files of a run folder: {@code metrics.jsonl} (one JSON object per epoch) and
 * {@code curves.svg}. Both are rewritten whole and atomically after every epoch, so they always
 * agree with the checkpoint and are never torn.
 */
final class RunFiles {
  static final String METRICS = "metrics.jsonl";
  static final String CURVES = "curves.svg";

  private RunFiles() {}

  static void write(Path dir, String title, List<EpochMetrics> history) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (EpochMetrics m : history) {
      sb.append(m.toJson()).append('\n');
    }
    AtomicFiles.writeString(dir.resolve(METRICS), sb.toString());
    AtomicFiles.writeString(dir.resolve(CURVES), CurvesSvg.render(title, history));
  }

  /** The history of earlier epochs (1..epochs) for a resumed run; lines beyond are dropped. */
  static List<EpochMetrics> read(Path dir, int epochs) {
    List<EpochMetrics> out = new ArrayList<>();
    Path f = dir.resolve(METRICS);
    if (!Files.exists(f)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        EpochMetrics m = EpochMetrics.fromJson(line);
        if (m.epoch() >= 1 && m.epoch() <= epochs) {
          out.add(m);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The curves are a convenience: a damaged metrics file must not stop a resume.
      return new ArrayList<>();
    }
    return out;
  }
}
