package dev.cnnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime uses one vector size, the preferred species: the Vector API's methods keep one type
 * profile for all their callers, and a kernel recompiled after they have seen two sizes can leave
 * its vectors boxed (a 256-bit copy in the packing made ResNet-18's stem run at a fifth of its
 * speed after the Fashion CNN had run in the same JVM; docs/runtime.md). Checked in the compiled
 * classes, where a fixed species shows as a field name in the constant pool.
 */
class OneVectorSizeTest {
  private static final List<String> FIXED_SPECIES =
      List.of("SPECIES_64", "SPECIES_128", "SPECIES_256", "SPECIES_512", "SPECIES_MAX");

  @Test
  void noRuntimeClassNamesAFixedSpecies() throws Exception {
    Path root = Path.of(Gemm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertTrue(classes.size() > 50, "runtime classes found under " + root);
    List<String> offenders = classes.stream()
        .flatMap(f -> fixedSpeciesIn(read(f)).stream().map(s -> root.relativize(f) + " names " + s))
        .toList();
    assertEquals(List.of(), offenders);
  }

  @Test
  void theCheckSeesAFixedSpecies() throws Exception {
    byte[] mine;
    try (var in = OneVectorSizeTest.class.getResourceAsStream("OneVectorSizeTest.class")) {
      mine = in.readAllBytes();
    }
    // This class holds the names as string constants, so the scan must find every one.
    assertEquals(FIXED_SPECIES, fixedSpeciesIn(mine));
  }

  private static List<String> fixedSpeciesIn(byte[] classFile) {
    String text = new String(classFile, StandardCharsets.ISO_8859_1);
    return FIXED_SPECIES.stream().filter(text::contains).toList();
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
