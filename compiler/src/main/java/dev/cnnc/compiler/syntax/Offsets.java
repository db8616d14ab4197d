package dev.cnnc.compiler.syntax;

import dev.cnnc.compiler.source.SourceFile;

/**
 * ANTLR counts code points; Java strings count UTF-16 units. Maps the former to the latter so that
 * spans stay right for text with characters outside the BMP.
 */
final class Offsets {
  private final SourceFile file;
  private final int[] charIndex; // null when the text has no surrogate pairs

  Offsets(SourceFile file) {
    this.file = file;
    String text = file.text();
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == text.length()) {
      charIndex = null;
    } else {
      charIndex = new int[codePoints + 1];
      int c = 0;
      for (int cp = 0; cp < codePoints; cp++) {
        charIndex[cp] = c;
        c += Character.charCount(text.codePointAt(c));
      }
      charIndex[codePoints] = text.length();
    }
  }

  SourceFile file() {
    return file;
  }

  int toChar(int codePointIndex) {
    int max = file.text().length();
    if (charIndex == null) {
      return Math.max(0, Math.min(codePointIndex, max));
    }
    return charIndex[Math.max(0, Math.min(codePointIndex, charIndex.length - 1))];
  }
}
