package dev.cnnc.runtime.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON subset a safetensors header needs, kept here so the runtime stays dependency-free:
 * objects (duplicate keys rejected), arrays, strings and integers. Anything else — fractions,
 * exponents, true/false/null, trailing commas — is an error naming the byte offset, since a header
 * we do not fully understand must not be half-read.
 */
final class Json {
  /** A parse error at a byte offset of the parsed text. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    ParseException(int offset, String message) {
      super(message);
      this.offset = offset;
    }
  }

  private final byte[] text;
  private int pos;

  private Json(byte[] text) {
    this.text = text;
  }

  /** Parses one value followed only by whitespace: a Map, List, String or Long. */
  static Object parse(byte[] utf8) throws ParseException {
    Json p = new Json(utf8);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != utf8.length) {
      throw new ParseException(p.pos, "unexpected '" + (char) utf8[p.pos] + "' after the JSON value");
    }
    return v;
  }

  private Object value() throws ParseException {
    skipSpace();
    if (pos >= text.length) {
      throw new ParseException(pos, "unexpected end of JSON");
    }
    byte b = text[pos];
    if (b == '{') {
      return object();
    }
    if (b == '[') {
      return array();
    }
    if (b == '"') {
      return string();
    }
    if (b == '-' || (b >= '0' && b <= '9')) {
      return integer();
    }
    throw new ParseException(pos, "unsupported JSON value starting with '" + (char) b
        + "' (expected an object, array, string or integer)");
  }

  private Map<String, Object> object() throws ParseException {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      int keyAt = pos;
      if (peek() != '"') {
        throw new ParseException(pos, "expected a string key");
      }
      String key = string();
      skipSpace();
      expect(':');
      Object v = value();
      if (map.put(key, v) != null) {
        throw new ParseException(keyAt, "duplicate key \"" + key + "\"");
      }
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() == '}') {
        pos++;
        return map;
      } else {
        throw new ParseException(pos, "expected ',' or '}'");
      }
    }
  }

  private List<Object> array() throws ParseException {
    List<Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() == ']') {
        pos++;
        return list;
      } else {
        throw new ParseException(pos, "expected ',' or ']'");
      }
    }
  }

  private String string() throws ParseException {
    int start = pos;
    pos++;
    // Raw bytes are collected and decoded strictly in runs; escapes go straight in as chars, so a
    // \uD83D\uDE00 surrogate pair ends up as one code point.
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    while (true) {
      if (pos >= text.length) {
        throw new ParseException(start, "unterminated string");
      }
      byte b = text[pos++];
      if (b == '"') {
        break;
      }
      if ((b & 0xff) < 0x20) {
        throw new ParseException(pos - 1, "control character in string");
      }
      if (b != '\\') {
        run.write(b);
        continue;
      }
      flush(run, out, start);
      if (pos >= text.length) {
        throw new ParseException(start, "unterminated string");
      }
      byte e = text[pos++];
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append((char) hex4());
        default -> throw new ParseException(pos - 1, "bad escape '\\" + (char) e + "'");
      }
    }
    flush(run, out, start);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream run, StringBuilder out, int start) throws ParseException {
    if (run.size() == 0) {
      return;
    }
    try {
      out.append(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(run.toByteArray())));
    } catch (CharacterCodingException ex) {
      throw new ParseException(start, "string is not valid UTF-8");
    }
    run.reset();
  }

  private int hex4() throws ParseException {
    if (pos + 4 > text.length) {
      throw new ParseException(pos, "truncated \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text[pos + i], 16);
      if (d < 0) {
        throw new ParseException(pos + i, "bad hex digit in \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return v;
  }

  private Long integer() throws ParseException {
    int start = pos;
    if (text[pos] == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length && text[pos] >= '0' && text[pos] <= '9') {
      pos++;
    }
    if (pos == digits || (text[digits] == '0' && pos - digits > 1)) {
      throw new ParseException(start, "malformed integer");
    }
    if (pos < text.length && (text[pos] == '.' || text[pos] == 'e' || text[pos] == 'E')) {
      throw new ParseException(start, "fractional numbers are not supported here");
    }
    String s = new String(text, start, pos - start, StandardCharsets.US_ASCII);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ParseException(start, "integer " + s + " out of range");
    }
  }

  private void expect(char c) throws ParseException {
    if (peek() != c) {
      throw new ParseException(pos, "expected '" + c + "'");
    }
    pos++;
  }

  private int peek() {
    return pos < text.length ? text[pos] : -1;
  }

  private void skipSpace() {
    while (pos < text.length && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
      pos++;
    }
  }

  /** Appends s as a JSON string literal. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
