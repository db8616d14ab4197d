package dev.cnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.checkpoint.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process mid-epoch 2 — politely (SIGTERM: the shutdown hook saves the position)
 * and hard (SIGKILL: the epoch under way is lost) — resumes it, and checks that the final weights
 * equal those of an uninterrupted run byte for byte, with no temporary files left behind.
 */
class KillResumeTest {
  @TempDir
  Path tmp;

  private static Process start(Path out, int epochs, boolean resume, long sleepMs) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
        "-Dcnnc.root=" + System.getProperty("cnnc.root"), "-cp", System.getProperty("java.class.path"),
        TrainMain.class.getName(), out.toString(), Integer.toString(epochs), Boolean.toString(resume), Long.toString(sleepMs)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static List<String> finish(Process p) throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        lines.add(l);
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return lines;
  }

  /** Starts a slowed-down run and signals it when it reports epoch 2, batch 5. */
  private static List<String> interrupt(Path out, boolean hard) throws Exception {
    // 60 ms a step leaves the signal, the shutdown hook and the save two steps (120 ms) before the
    // epoch ends, even on a loaded machine (15 ms was once too little under a parallel build).
    Process p = start(out, 2, false, 60);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        lines.add(l);
        if (l.equals("step 2 5")) {
          // kill(1) rather than Process.destroy, which would also close the output we still read.
          new ProcessBuilder("kill", hard ? "-KILL" : "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
        }
      }
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertTrue(p.exitValue() != 0, "the run should have been killed: " + lines);
    return lines;
  }

  @Test
  void sigtermAndSigkillMidEpochThenResumeEqualAnUninterruptedRun() throws Exception {
    Path a = tmp.resolve("a");
    Path term = tmp.resolve("term");
    Path kill = tmp.resolve("kill");
    Process ref = start(a, 2, false, 0);

    List<String> t = interrupt(term, false);
    Checkpoint saved = Checkpoint.read(term.resolve(Trainer.CHECKPOINT));
    assertEquals("1", saved.get("epoch"), String.join("\n", t));
    int batch = Integer.parseInt(saved.get("epoch_batch"));
    assertTrue(batch >= 5 && batch < 8, "saved at batch " + batch);
    assertTrue(t.stream().anyMatch(l -> l.startsWith("interrupted: saved")), String.join("\n", t));
    List<String> r1 = finish(start(term, 2, true, 0));
    assertTrue(r1.contains("done"), String.join("\n", r1));
    assertTrue(r1.stream().anyMatch(l -> l.startsWith("resuming from ") && l.contains("batches of epoch 2")), String.join("\n", r1));

    interrupt(kill, true);
    assertEquals("1", Checkpoint.read(kill.resolve(Trainer.CHECKPOINT)).get("epoch"));
    List<String> r2 = finish(start(kill, 2, true, 0));
    assertTrue(r2.contains("done"), String.join("\n", r2));

    List<String> full = finish(ref);
    assertTrue(full.contains("done"), String.join("\n", full));
    TrainerTest.assertSameFiles(a, term);
    TrainerTest.assertSameFiles(a, kill);
    assertEquals(Files.readAllLines(a.resolve("metrics.jsonl")).size(), Files.readAllLines(term.resolve("metrics.jsonl")).size());
    try (Stream<Path> files = Stream.concat(Files.list(term), Files.list(kill))) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files left");
    }
  }
}
