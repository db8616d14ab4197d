package dev.cnnc.compiler.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one .cnn file and how to turn offsets into lines and columns. {@code name} is what
 * diagnostics print (the path as the user gave it, or {@code stdlib:resnet}); {@code path} is the
 * file on disk, null for sources that have none (tests, the standard library inside a jar).
 */
public final class SourceFile {
  private final String name;
  private final Path path;
  private final String text;
  private final int[] lineStarts;

  public SourceFile(String name, Path path, String text) {
    this.name = name;
    this.path = path;
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  public static SourceFile of(String name, String text) {
    return new SourceFile(name, null, text);
  }

  public String name() {
    return name;
  }

  public Path path() {
    return path;
  }

  public String text() {
    return text;
  }

  public int lineCount() {
    return lineStarts.length;
  }

  /** 1-based line of an offset. */
  public int line(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  /** 1-based column (in characters) of an offset. */
  public int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }

  /** Offset of the start of a 1-based line. */
  public int lineStart(int line) {
    return lineStarts[Math.max(0, Math.min(line, lineStarts.length) - 1)];
  }

  /** The text of a 1-based line without its line break. */
  public String lineText(int line) {
    int start = lineStart(line);
    int end = line < lineStarts.length ? lineStarts[line] : text.length();
    String s = text.substring(start, end);
    return s.stripTrailing().replace("\t", " ");
  }

  @Override
  public String toString() {
    return name;
  }
}
