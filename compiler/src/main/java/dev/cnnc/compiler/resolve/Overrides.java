package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/** Parses a {@code --set K=V} value as the language would: 3, 0.5, 5x5, or a word. */
final class Overrides {
  private Overrides() {}

  static Value parse(String text, Span at) {
    String t = text.strip();
    if (t.matches("-?\\d+")) {
      try {
        return new Value.Num(Long.parseLong(t), true, at);
      } catch (NumberFormatException e) {
        return new Value.Sym(t, at);
      }
    }
    if (t.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
      return new Value.Num(Double.parseDouble(t), false, at);
    }
    if (t.matches("\\d+([xX×]\\d+)+")) {
      List<Integer> dims = new ArrayList<>();
      for (String part : t.split("[xX×]")) {
        dims.add(Integer.parseInt(part));
      }
      return new Value.Size(dims, at);
    }
    return new Value.Sym(t, at);
  }
}
