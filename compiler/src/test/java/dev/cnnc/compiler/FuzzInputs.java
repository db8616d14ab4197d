package dev.cnnc.compiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates fuzz cases: token soup from the language's vocabulary, corpus programs with character
 * and token edits, and hand-made extremes (huge numbers, deep nesting, astral characters, nothing).
 * Mutated corpus files keep their path so that their imports still resolve.
 */
final class FuzzInputs {
  record Seed(Path path, String text) {}

  record Case(String kind, String text, Path path, Map<String, String> overrides) {}

  /** Inputs that once crashed the front end. */
  static final List<String> REGRESSIONS = List.of(
      "",
      "network N {}",
      "INPUT(28x28x1) => FLATTEN => FLATTEN => FC(10)",
      "INPUT(99999x99999x99999) => FLATTEN",
      "INPUT(46341x46341x1) => CONV(8, pad=same) => FC(10)",
      "INPUT(28x28x1) => CONV(8, 3x3, dilation=99999999) => FC(10)",
      "INPUT(28x28x1) => CONV(8, 99999999999x2) => FC(10)",
      "INPUT(28x28x1) => MAXPOOL(2, stride=2147483647, round=ceil) => FC(10)",
      "INPUT(28x28x1) => PAD(2147483647) => FC(10)",
      "INPUT(28x28x1) => CONV(8, pad=(2147483647, 2147483647, 1, 1), round=floor) => FC(10)",
      "INPUT(2147483647x2x1) => MAXPOOL(2, round=ceil) => FC(10)",
      "INPUT(28x28x1) => DEPTHPOOL(1, stride=99999) => FC(10)",
      "let a = 1e999\nINPUT(28x28x1) => FC(a)",
      "INPUT(28x28x1) => FC(0.0/1e-400)",
      "INPUT(28x28x1) => CONV(99999999999) => FC(10)",
      "INPUT(28x28x1) => [[RELU]*99999]*99999 => FC(10)");

  private static final String[] VOCAB = {
      "INPUT", "CONV", "POOL", "MAXPOOL", "AVGPOOL", "SUBSAMPLE", "GAP", "DEPTHPOOL", "FC", "FLATTEN", "BN",
      "LRN", "DROPOUT", "RELU", "TANH", "SOFTMAX", "PAD", "RBF", "ID", "concat", "add", "as", "let", "network",
      "output", "train", "import", "stdlib.resnet", "\"blocks.cnn\"", "=>", "=>", "=>", "(", ")", "[", "]", "{", "}",
      ",", "=", "*", "-", "+", "/", "x", "3x3", "28x28x1", "224x224x3", "0", "1", "2", "3", "32", "1.5", "2e-5",
      "pad=same", "stride=2", "round=floor", "round=ceil", "act=relu", "groups=2", "connections=[[0,1],[1,2]]",
      "N", "f", "x", "y", "Block", "\n", "\n", " ", "#c\n", "//c\n", "×", "🧠", "\t", "\r\n", "é", "\"",
  };

  private static final String[] EXTREMES = {
      "CONV(99999999999)", "CONV(9223372036854775807)", "CONV(-2147483648)", "FC(4294967297)",
      "INPUT(0x0x0)", "INPUT(2147483647x2147483647x2147483647)", "INPUT(99999999999999x1x1)",
      "[CONV(8)]*100001", "[CONV(8)]*0", "DROPOUT(1e308)", "LRN(radius=2147483647)",
      "CONV(8, dilation=65536)", "CONV(8, 65536x65536, pad=same)", "MAXPOOL(1x2147483647, round=ceil)",
  };

  private final Random random;
  private final List<Seed> corpus;

  FuzzInputs(Random random, List<Seed> corpus) {
    this.random = random;
    this.corpus = corpus;
  }

  Case next(int i) {
    Map<String, String> sets = overrides();
    return switch (i % 6) {
      case 0 -> new Case("token soup", soup(), null, sets);
      case 1, 2 -> mutated("character edits", true, sets);
      case 3 -> mutated("token edits", false, sets);
      case 4 -> new Case("extreme", extreme(), null, sets);
      default -> new Case("nesting", nesting(), null, sets);
    };
  }

  private Map<String, String> overrides() {
    Map<String, String> sets = new LinkedHashMap<>();
    if (random.nextInt(8) == 0) {
      String[] keys = {"N", "M", "round", "classes", "depth", "nope"};
      String[] values = {"3", "0", "-1", "floor", "bogus", "99999999999", "5x5", "0.5", ""};
      sets.put(keys[random.nextInt(keys.length)], values[random.nextInt(values.length)]);
    }
    return sets;
  }

  private String soup() {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(40);
    for (int k = 0; k < n; k++) {
      b.append(VOCAB[random.nextInt(VOCAB.length)]).append(random.nextInt(3) == 0 ? "" : " ");
    }
    return b.toString();
  }

  private Case mutated(String kind, boolean characters, Map<String, String> sets) {
    Seed seed = corpus.get(random.nextInt(corpus.size()));
    String text = seed.text();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      text = characters ? editCharacters(text) : editTokens(text);
    }
    return new Case(kind + " of " + seed.path().getFileName(), text, seed.path(), sets);
  }

  private String editCharacters(String t) {
    if (t.isEmpty()) {
      return VOCAB[random.nextInt(VOCAB.length)];
    }
    int at = random.nextInt(t.length());
    int len = Math.min(t.length() - at, 1 + random.nextInt(8));
    return switch (random.nextInt(6)) {
      case 0 -> t.substring(0, at) + t.substring(at + len);                                  // delete
      case 1 -> t.substring(0, at) + VOCAB[random.nextInt(VOCAB.length)] + t.substring(at);  // insert
      case 2 -> t.substring(0, at + len) + t.substring(at, at + len) + t.substring(at + len); // duplicate
      case 3 -> t.substring(0, at);                                                          // truncate
      case 4 -> t.substring(0, at) + (char) random.nextInt(0x3000) + t.substring(at + 1);   // replace
      default -> swap(t, at, random.nextInt(t.length()));
    };
  }

  private static String swap(String t, int a, int b) {
    char[] c = t.toCharArray();
    char x = c[a];
    c[a] = c[b];
    c[b] = x;
    return new String(c);
  }

  /** Edits whole words and symbols (split on spaces, keeping them) so the result stays near-valid. */
  private String editTokens(String t) {
    List<String> parts = new ArrayList<>(List.of(t.split("(?<=[\\s(),=\\[\\]])|(?=[\\s(),=\\[\\]])")));
    if (parts.isEmpty()) {
      return t;
    }
    int a = random.nextInt(parts.size());
    int b = random.nextInt(parts.size());
    switch (random.nextInt(4)) {
      case 0 -> parts.remove(a);
      case 1 -> parts.add(a, parts.get(b));
      case 2 -> {
        String x = parts.get(a);
        parts.set(a, parts.get(b));
        parts.set(b, x);
      }
      default -> parts.set(a, VOCAB[random.nextInt(VOCAB.length)]);
    }
    return String.join("", parts);
  }

  private String extreme() {
    // Big expansions take ~0.3 s each, so they are rare here; the regressions cover them too.
    String layer = random.nextInt(200) == 0 ? "[[RELU]*1000]*1000" : EXTREMES[random.nextInt(EXTREMES.length)];
    return switch (random.nextInt(3)) {
      case 0 -> "INPUT(28x28x1) => " + layer + " => FC(10)";
      case 1 -> layer.startsWith("INPUT") ? layer + " => CONV(8) => FLATTEN => FC(10)" : layer;
      default -> "network N(n=" + (random.nextBoolean() ? "99999999999" : "-1") + ") {\n  INPUT(32x32x3) => "
          + layer + " => [CONV(8, pad=same)]*n => GAP => FC(10)\n}";
    };
  }

  private String nesting() {
    // Deep parenthesised expressions cost the parser O(depth²) lookahead (paren vs tuple), so
    // very deep cases are rare: a 2000-deep one takes about a second.
    int depth = 1 + random.nextInt(random.nextInt(100) == 0 ? 2000 : random.nextBoolean() ? 50 : 200);
    return switch (random.nextInt(5)) {
      case 0 -> "INPUT(28x28x1) => " + "[".repeat(depth) + "RELU" + "]*1".repeat(depth);
      case 1 -> "INPUT(28x28x1) => " + "concat(".repeat(depth) + "ID" + ", ID)".repeat(depth) + " => FC(10)";
      case 2 -> "INPUT(28x28x1) => FC(" + "(".repeat(depth) + "1" + ")".repeat(depth) + ")";
      case 3 -> "INPUT(28x28x1) => FC(" + "-".repeat(depth) + "10)";
      default -> "(".repeat(depth) + "[".repeat(depth); // unclosed everything
    };
  }
}
