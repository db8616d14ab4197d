package dev.cnnc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  /** A file with the given header text (unpadded) and data bytes. */
  private Path raw(String name, String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = dir.resolve(name);
    Files.write(f, b.array());
    return f;
  }

  private String error(Path f) {
    return assertThrows(CheckpointException.class, () -> SafeTensors.read(f)).getMessage();
  }

  @Test
  void roundTripAndByteLayout() throws IOException {
    float[] w = {1.5f, -2f, 3f, 4f, 5f, 6f};
    Map<String, TensorData> t = Map.of(
        "fc.weight", new TensorData(new int[] {3, 2}, w),
        "a.bias", TensorData.of(new float[] {7f}),
        "empty", new TensorData(new int[] {0, 4}, new float[0]),
        "scalar", new TensorData(new int[] {}, new float[] {9f}));
    Map<String, String> md = Map.of("step", "1200", "note", "quote \" backslash \\ tab\t é 😀");
    Path f = dir.resolve("t.safetensors");
    SafeTensors.write(f, t, md);
    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    assertEquals(0, n % 8);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{\"__metadata__\":{\"note\":"), header);
    assertTrue(header.indexOf("\"a.bias\"") < header.indexOf("\"empty\"")
        && header.indexOf("\"empty\"") < header.indexOf("\"fc.weight\""), "sorted by name: " + header);
    assertTrue(header.contains("\"a.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}"), header);
    assertEquals(8 + n + 4 * 8, bytes.length);
    // a.bias first, then fc.weight (empty holds no bytes), little-endian.
    assertEquals(7f, b.getFloat(8 + (int) n));
    assertEquals(1.5f, b.getFloat(8 + (int) n + 4));

    SafeTensors.Contents c = SafeTensors.read(f);
    assertEquals(List.of("a.bias", "empty", "fc.weight", "scalar"), List.copyOf(c.tensors().keySet()));
    assertEquals(t.get("fc.weight"), c.tensors().get("fc.weight"));
    assertArrayEquals(new int[] {0, 4}, c.tensors().get("empty").shape());
    assertEquals(9f, c.tensors().get("scalar").values()[0]);
    assertEquals(md, c.metadata());

    Path g = dir.resolve("again.safetensors");
    SafeTensors.write(g, t, md);
    assertArrayEquals(bytes, Files.readAllBytes(g), "byte-reproducible");
  }

  @Test
  void largeTensorCrossesChunks() throws IOException {
    float[] v = new float[700_001];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f;
    }
    Path f = dir.resolve("big.safetensors");
    SafeTensors.write(f, Map.of("x", TensorData.of(v)), Map.of());
    assertArrayEquals(v, SafeTensors.read(f).tensors().get("x").values());
  }

  @Test
  void headerLengthBeyondFile() throws IOException {
    Path f = dir.resolve("h");
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
    Files.write(f, b.array());
    assertEquals(f + ": header length 1000 exceeds the file (20 bytes, so at most 12) or is below 2 (at byte 0)", error(f));
    Path tiny = dir.resolve("tiny");
    Files.write(tiny, new byte[3]);
    assertEquals(tiny + ": truncated file: expected at least an 8-byte header length, found 3 bytes (at byte 0)", error(tiny));
  }

  @Test
  void offsetsOverlapOutOfRangeOrLeaveHoles() throws IOException {
    Path overlap = raw("o", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
    String e = error(overlap);
    assertTrue(e.startsWith(overlap + ": tensor \"b\" data_offsets [4, 12) overlap tensor \"a\" [0, 8) (at byte "), e);

    Path range = raw("r", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
    e = error(range);
    assertTrue(e.startsWith(range + ": tensor \"a\": data_offsets [0, 16) out of range: the data holds 8 bytes"), e);

    Path hole = raw("g", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
    e = error(hole);
    assertTrue(e.startsWith(hole + ": unused bytes [0, 4) in the data before tensor \"a\""), e);

    Path extra = raw("x", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12);
    e = error(extra);
    assertTrue(e.startsWith(extra + ": data holds 12 bytes but the tensors cover 4"), e);
  }

  @Test
  void dtypeAndShapeChecks() throws IOException {
    Path f16 = raw("d", "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
    assertEquals(f16 + ": tensor \"a\": unsupported dtype: expected F32, found F16 (at byte 8)", error(f16));

    String shapeHeader = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,32]}}";
    Path shape = raw("s", shapeHeader, 32);
    String e = error(shape);
    assertEquals(shape + ": tensor \"w\": shape [3,3] needs 36 bytes (F32), data_offsets [0, 32) hold 32 (at byte "
        + (8 + shapeHeader.length()) + ")", e);

    Path json = raw("j", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4);
    e = error(json);
    assertTrue(e.startsWith(json + ": malformed JSON header: fractional numbers are not supported here (at byte "), e);

    Path md = raw("m", "{\"__metadata__\":{\"step\":3}}", 0);
    assertEquals(md + ": __metadata__ entry \"step\" is not a string (at byte 8)", error(md));

    Path none = dir.resolve("none.safetensors");
    assertEquals("no such checkpoint file: " + none.toAbsolutePath(), error(none));
  }

  @Test
  void strictJson() throws Exception {
    assertEquals(Map.of("a", List.of(1L, -2L), "b", "x\u00e9\n\ud83d\ude00"),
        Json.parse("{\"a\": [1, -2], \"b\": \"x\\u00e9\\n\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)));
    for (String bad : new String[] {"{\"a\":1,}", "{\"a\":1,\"a\":2}", "[true]", "[01]", "{\"a\" 1}", "\"abc", "{} x"}) {
      assertThrows(Json.ParseException.class, () -> Json.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
    StringBuilder sb = new StringBuilder();
    Json.quote(sb, "a\"b\\c\u0001");
    assertEquals("\"a\\\"b\\\\c\\u0001\"", sb.toString());
  }
}
