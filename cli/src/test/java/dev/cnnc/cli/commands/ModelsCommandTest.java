package dev.cnnc.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cnnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void listsTheStandardLibraryAsATable() {
    String[] r = run("models");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("MODEL "), r[1]);
    assertTrue(r[1].lines().anyMatch(l -> l.startsWith("stdlib:resnet50 ") && l.contains("224x224x3")
        && l.contains("25,557,032") && l.contains("53,120") && l.endsWith("4,089,184,256")), r[1]);
    assertTrue(r[1].lines().anyMatch(l -> l.startsWith("stdlib:googlenet ") && l.contains("1000 (+2 aux)")), r[1]);
  }

  @Test
  void jsonHasOneEntryPerModel() {
    String[] r = run("models", "--format", "json");
    assertEquals("0", r[0], r[2]);
    var models = JsonParser.parseString(r[1]).getAsJsonObject().getAsJsonArray("models");
    assertTrue(models.size() >= 19);
    JsonObject lenet = models.get(0).getAsJsonObject();
    assertEquals("lenet5", lenet.get("name").getAsString());
    assertEquals(60_000, lenet.get("trainable").getAsLong());
    assertEquals(840, lenet.get("non_trainable").getAsLong());
    assertEquals(325_680, lenet.get("macs").getAsLong());
    assertEquals("[32,32,1]", lenet.get("input").toString());
  }
}
