package dev.cnnc.compiler.resolve;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.source.Span;
import java.util.Map;

/** Finds every {@code as name} of a network's own chains before expansion, for "defined later" errors. */
final class TapCollector {
  private TapCollector() {}

  static void collect(Chain chain, Map<String, Span> into) {
    for (Chain.Element e : chain.elements()) {
      if (e.primary() instanceof Chain.Repeat r) {
        collect(r.body(), into);
      } else if (e.primary() instanceof Chain.Branch b) {
        b.branches().forEach(c -> collect(c, into));
      }
      if (e.tap() != null) {
        into.putIfAbsent(e.tap().name(), e.tap().span());
      }
    }
  }
}
