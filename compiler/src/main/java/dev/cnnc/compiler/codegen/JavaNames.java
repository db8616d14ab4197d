package dev.cnnc.compiler.codegen;

import java.util.Set;

/** Java identifiers from spec names: {@code inception4a.b2.conv1} → {@code inception4a_b2_conv1}. */
final class JavaNames {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte",
      "case", "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum",
      "extends", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof",
      "int", "interface", "long", "native", "new", "package", "private", "protected", "public", "return",
      "short", "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
      "transient", "try", "void", "volatile", "while", "true", "false", "null", "var", "record", "yield");

  private JavaNames() {}

  static String field(String specName) {
    StringBuilder b = new StringBuilder();
    for (char ch : specName.toCharArray()) {
      b.append(Character.isJavaIdentifierPart(ch) ? ch : '_');
    }
    String s = b.toString();
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      s = "l_" + s;
    }
    return KEYWORDS.contains(s) ? s + "_" : s;
  }

  /** A class name from a network name: letters and digits, upper-case first. */
  static String type(String networkName) {
    String f = field(networkName).replace("_", "");
    if (f.isEmpty()) {
      return "Network";
    }
    return Character.toUpperCase(f.charAt(0)) + f.substring(1);
  }

  /** {@code conv1} + {@code Out} → {@code conv1Out}. */
  static String suffixed(String field, String suffix) {
    return field + suffix;
  }
}
