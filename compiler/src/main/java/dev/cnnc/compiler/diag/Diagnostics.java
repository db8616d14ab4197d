package dev.cnnc.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The collector every stage reports into. Reports are kept in source order for rendering. */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();

  public void report(Diagnostic d) {
    for (Diagnostic seen : all) {
      // One cause gives one error: the same code at the same place is reported once (blocks
      // expanded several times would otherwise repeat it).
      if (seen.code() == d.code() && seen.span().equals(d.span()) && seen.message().equals(d.message())) {
        return;
      }
    }
    all.add(d);
  }

  public void report(Diagnostic.Builder b) {
    report(b.build());
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) all.stream().filter(Diagnostic::isError).count();
  }

  public int warningCount() {
    return all.size() - errorCount();
  }

  /** All diagnostics sorted by file, then position. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(all);
    copy.sort(Comparator.comparing((Diagnostic d) -> d.span().file().name())
        .thenComparingInt(d -> d.span().start()));
    return copy;
  }

  public List<Diagnostic> all() {
    return List.copyOf(all);
  }
}
