package dev.cnnc.runtime.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reader and writer of the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, float32 only: an 8-byte little-endian header length N, N bytes of JSON
 * {@code {"__metadata__": {…}, "name": {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}, …}}
 * padded with spaces to a multiple of 8, then the little-endian data, offsets relative to its start.
 * Tensors are written sorted by name, contiguously, so files are byte-reproducible.
 *
 * <p>Reading validates everything a hostile or damaged file could get wrong (header length beyond
 * the file, malformed JSON, dtype other than F32, shape and byte count disagreeing, offsets out of
 * range, overlapping or leaving holes) and names the file, the tensor and the byte offset.
 */
public final class SafeTensors {
  /** Headers larger than this are refused (the reference implementation's limit). */
  static final long MAX_HEADER = 100L << 20;
  private static final int CHUNK = 1 << 20;

  /** A file's tensors (sorted by name) and string metadata. */
  public record Contents(Map<String, TensorData> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
      metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }
  }

  private SafeTensors() {}

  /** Writes atomically (see {@link AtomicFiles}). */
  public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    AtomicFiles.write(file, out -> write(out, tensors, metadata));
  }

  public static void write(OutputStream out, Map<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    TreeMap<String, TensorData> sorted = new TreeMap<>(tensors);
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append("\"__metadata__\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        json.append(first ? "" : ",");
        Json.quote(json, e.getKey());
        json.append(':');
        Json.quote(json, e.getValue());
        first = false;
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, TensorData> e : sorted.entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.equals("__metadata__")) {
        throw new IllegalArgumentException("invalid tensor name \"" + name + "\"");
      }
      long bytes = 4L * e.getValue().values().length;
      json.append(json.length() > 1 ? "," : "");
      Json.quote(json, name);
      json.append(":{\"dtype\":\"F32\",\"shape\":").append(TensorData.shapeString(e.getValue().shape()))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) / 8 * 8;
    ByteBuffer buf = ByteBuffer.allocate(Math.max(CHUNK, 8 + padded)).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(padded).put(header);
    for (int i = header.length; i < padded; i++) {
      buf.put((byte) ' ');
    }
    out.write(buf.array(), 0, buf.position());
    for (TensorData t : sorted.values()) {
      float[] v = t.values();
      for (int from = 0; from < v.length; from += CHUNK / 4) {
        int n = Math.min(CHUNK / 4, v.length - from);
        buf.clear();
        buf.asFloatBuffer().put(v, from, n);
        out.write(buf.array(), 0, 4 * n);
      }
    }
    out.flush();
  }

  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, ch);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("no such checkpoint file: " + file.toAbsolutePath());
    }
  }

  private record Entry(String name, int[] shape, long begin, long end) {}

  private static Contents read(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw error(file, 0, "truncated file: expected at least an 8-byte header length, found " + size + " bytes");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lenBuf, 0);
    long n = lenBuf.getLong(0);
    if (n < 2 || n > size - 8 || n > MAX_HEADER) {
      throw error(file, 0, "header length " + Long.toUnsignedString(n) + " exceeds the file ("
          + size + " bytes, so at most " + Math.min(size - 8, MAX_HEADER) + ") or is below 2");
    }
    ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
    readFully(ch, headerBuf, 8);
    Object root;
    try {
      root = Json.parse(headerBuf.array());
    } catch (Json.ParseException e) {
      throw error(file, 8 + e.offset, "malformed JSON header: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw error(file, 8, "header is not a JSON object");
    }
    long dataStart = 8 + n;
    long dataLen = size - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map<?, ?> md)) {
          throw error(file, 8, "__metadata__ is not an object of strings");
        }
        for (Map.Entry<?, ?> m : md.entrySet()) {
          if (!(m.getValue() instanceof String s)) {
            throw error(file, 8, "__metadata__ entry \"" + m.getKey() + "\" is not a string");
          }
          metadata.put((String) m.getKey(), s);
        }
        continue;
      }
      entries.add(entry(file, name, e.getValue(), dataStart, dataLen));
    }
    entries.sort((a, b) -> Long.compare(a.begin, b.begin));
    long expected = 0;
    Entry previous = null;
    for (Entry e : entries) {
      if (e.begin < expected) {
        throw error(file, dataStart + e.begin, "tensor \"" + e.name + "\" data_offsets [" + e.begin + ", "
            + e.end + ") overlap tensor \"" + previous.name + "\" [" + previous.begin + ", " + previous.end + ")");
      }
      if (e.begin > expected) {
        throw error(file, dataStart + expected, "unused bytes [" + expected + ", " + e.begin
            + ") in the data before tensor \"" + e.name + "\"");
      }
      expected = e.end;
      previous = e;
    }
    if (expected != dataLen) {
      throw error(file, dataStart + expected, "data holds " + dataLen + " bytes but the tensors cover "
          + expected);
    }
    Map<String, TensorData> tensors = new TreeMap<>();
    for (Entry e : entries) {
      tensors.put(e.name, new TensorData(e.shape, readFloats(ch, dataStart + e.begin, (int) ((e.end - e.begin) / 4))));
    }
    return new Contents(tensors, metadata);
  }

  private static Entry entry(Path file, String name, Object value, long dataStart, long dataLen)
      throws CheckpointException {
    String where = "tensor \"" + name + "\"";
    if (!(value instanceof Map<?, ?> info)) {
      throw error(file, 8, where + ": expected an object with dtype, shape and data_offsets");
    }
    for (Object k : info.keySet()) {
      if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
        throw error(file, 8, where + ": unexpected key \"" + k + "\"");
      }
    }
    Object dtype = info.get("dtype");
    if (!"F32".equals(dtype)) {
      throw error(file, 8, where + ": unsupported dtype: expected F32, found " + dtype);
    }
    List<Long> shapeList = longs(file, where + ": shape", info.get("shape"), -1);
    List<Long> offsets = longs(file, where + ": data_offsets", info.get("data_offsets"), 2);
    String shapeText = shapeList.toString().replace(" ", "");
    int[] shape = new int[shapeList.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = shapeList.get(i);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw error(file, 8, where + ": bad dimension " + d + " in shape " + shapeText);
      }
      shape[i] = (int) d;
      count = count * d;
      if (count > Integer.MAX_VALUE) {
        throw error(file, 8, where + ": shape " + shapeText + " has more than 2^31-1 elements");
      }
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (begin < 0 || end < begin || end > dataLen) {
      throw error(file, dataStart + Math.max(0, begin), where + ": data_offsets [" + begin + ", " + end
          + ") out of range: the data holds " + dataLen + " bytes");
    }
    if (end - begin != 4 * count) {
      throw error(file, dataStart + begin, where + ": shape " + shapeText + " needs " + 4 * count
          + " bytes (F32), data_offsets [" + begin + ", " + end + ") hold " + (end - begin));
    }
    return new Entry(name, shape, begin, end);
  }

  private static List<Long> longs(Path file, String what, Object v, int length) throws CheckpointException {
    if (!(v instanceof List<?> list) || (length >= 0 && list.size() != length)) {
      throw error(file, 8, what + ": expected " + (length >= 0 ? "a list of " + length + " integers" : "a list of integers")
          + ", found " + v);
    }
    List<Long> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Long l)) {
        throw error(file, 8, what + ": expected integers, found " + o);
      }
      out.add(l);
    }
    return out;
  }

  private static float[] readFloats(FileChannel ch, long at, int count) throws IOException {
    float[] out = new float[count];
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < count; from += CHUNK / 4) {
      int n = Math.min(CHUNK / 4, count - from);
      buf.clear().limit(4 * n);
      readFully(ch, buf, at + 4L * from);
      buf.flip();
      buf.asFloatBuffer().get(out, from, n);
    }
    return out;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    long pos = at;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new CheckpointException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }

  private static CheckpointException error(Path file, long offset, String what) {
    return new CheckpointException(file + ": " + what + " (at byte " + offset + ")");
  }
}
