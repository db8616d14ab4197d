package dev.cnnc.compiler.diag;

import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * One finding of any compiler stage, as data: the renderers turn it into rustc-style text or JSON.
 * {@code label} is the short text printed under the {@code ^^^} of the primary span.
 */
public record Diagnostic(
    Code code,
    Severity severity,
    String message,
    Span span,
    String label,
    List<Label> secondary,
    List<String> notes,
    List<String> help) {

  public Diagnostic {
    secondary = List.copyOf(secondary);
    notes = List.copyOf(notes);
    help = List.copyOf(help);
  }

  public static Builder error(Code code, Span span, String message) {
    return new Builder(code, Severity.ERROR, span, message);
  }

  public static Builder warning(Code code, Span span, String message) {
    return new Builder(code, Severity.WARNING, span, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** Fluent construction; notes and help keep their insertion order. */
  public static final class Builder {
    private final Code code;
    private final Severity severity;
    private final Span span;
    private final String message;
    private String label = "";
    private final List<Label> secondary = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> help = new ArrayList<>();

    private Builder(Code code, Severity severity, Span span, String message) {
      this.code = code;
      this.severity = severity;
      this.span = span;
      this.message = message;
    }

    public Builder label(String text) {
      this.label = text;
      return this;
    }

    public Builder secondary(Span at, String text) {
      secondary.add(new Label(at, text));
      return this;
    }

    public Builder note(String text) {
      notes.add(text);
      return this;
    }

    public Builder notes(List<String> texts) {
      notes.addAll(texts);
      return this;
    }

    public Builder help(String text) {
      help.add(text);
      return this;
    }

    public Diagnostic build() {
      return new Diagnostic(code, severity, message, span, label, secondary, notes, help);
    }
  }
}
