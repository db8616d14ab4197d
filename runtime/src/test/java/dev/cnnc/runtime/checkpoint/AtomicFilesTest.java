package dev.cnnc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(Path::getFileName).sorted().toList();
    }
  }

  @Test
  void replacesOnSuccess() throws IOException {
    Path f = dir.resolve("sub/metrics.csv");
    AtomicFiles.writeString(f, "old\n");
    AtomicFiles.write(f, out -> {
      out.write("new\n".getBytes(StandardCharsets.UTF_8));
      out.close(); // harmless
    });
    assertEquals("new\n", Files.readString(f));
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void failingWriterLeavesTheOldFileIntact() throws IOException {
    Path f = dir.resolve("model.safetensors");
    AtomicFiles.writeString(f, "previous checkpoint");
    IOException io = new IOException("disk full");
    assertSame(io, assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write(new byte[100_000]);
      throw io;
    })));
    RuntimeException rt = new IllegalStateException("bug");
    assertSame(rt, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
      out.write(1);
      throw rt;
    })));
    assertEquals("previous checkpoint", Files.readString(f));
    assertEquals(List.of(Path.of("model.safetensors")), listing());
  }
}
