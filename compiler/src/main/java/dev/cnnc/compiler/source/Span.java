package dev.cnnc.compiler.source;

/** A range [start, end) of characters in a source file; every AST node and IR node carries one. */
public record Span(SourceFile file, int start, int end) {
  public Span {
    if (start < 0 || end < start || end > file.text().length()) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ") in " + file.name());
    }
  }

  public int line() {
    return file.line(start);
  }

  public int column() {
    return file.column(start);
  }

  public int endLine() {
    return file.line(Math.max(start, end - 1));
  }

  /** 1-based column just past the last character (exclusive), as editors expect. */
  public int endColumn() {
    return end == start ? column() : file.column(end - 1) + 1;
  }

  public String text() {
    return file.text().substring(start, end);
  }

  public Span to(Span other) {
    return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
  }

  /** file:line:col, the form every diagnostic and expansion note uses. */
  public String location() {
    return file.name() + ":" + line() + ":" + column();
  }

  @Override
  public String toString() {
    return location();
  }
}
