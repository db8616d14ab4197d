package dev.cnnc.compiler.analysis;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cnnc.compiler.ir.Output;
import dev.cnnc.compiler.shapes.LayerInfo;
import dev.cnnc.compiler.shapes.Shape;

/**
 * {@code {network, outputs:[{name,shape,weight}], layers:[{name, op, output, trainable,
 * non_trainable, macs, rf:[size,jump], line, column, padding}], totals:{trainable, non_trainable,
 * macs, rf:[size,jump], weight_bytes, activation_bytes, training_bytes:{batch, bytes}}}}.
 */
public final class SummaryJson {
  private SummaryJson() {}

  public static JsonObject toJson(Summary s) {
    JsonObject root = new JsonObject();
    root.addProperty("network", s.name());
    JsonArray outputs = new JsonArray();
    for (Output o : s.outputs()) {
      JsonObject j = new JsonObject();
      j.addProperty("name", o.name());
      j.add("shape", dims(s.typed().shape(o.node())));
      j.addProperty("weight", o.weight());
      outputs.add(j);
    }
    root.add("outputs", outputs);
    JsonArray layers = new JsonArray();
    for (LayerStats l : s.layers()) {
      JsonObject j = new JsonObject();
      j.addProperty("name", l.node().name());
      j.addProperty("op", l.node().op().name());
      j.add("output", dims(l.output()));
      j.addProperty("trainable", l.trainable());
      j.addProperty("non_trainable", l.nonTrainable());
      j.addProperty("macs", l.macs());
      j.add("rf", l.hasReceptiveField() ? pair(l.rfSize(), l.rfJump()) : null);
      j.addProperty("line", l.node().span().line());
      j.addProperty("column", l.node().span().column());
      LayerInfo info = s.typed().info(l.node());
      if (info.padding() != null) {
        JsonArray pad = new JsonArray();
        pad.add(info.padding().top());
        pad.add(info.padding().bottom());
        pad.add(info.padding().left());
        pad.add(info.padding().right());
        j.add("padding", pad);
      }
      layers.add(j);
    }
    root.add("layers", layers);
    JsonObject totals = new JsonObject();
    totals.addProperty("trainable", s.trainable());
    totals.addProperty("non_trainable", s.nonTrainable());
    totals.addProperty("macs", s.macs());
    totals.add("rf", s.rfSize() > 0 ? pair(s.rfSize(), s.rfJump()) : null);
    totals.addProperty("weight_bytes", s.weightBytes());
    totals.addProperty("activation_bytes", s.activationBytes());
    JsonObject training = new JsonObject();
    training.addProperty("batch", 32);
    training.addProperty("bytes", s.trainingBytes(32));
    totals.add("training_bytes", training);
    root.add("totals", totals);
    return root;
  }

  public static String render(Summary s) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(toJson(s)) + "\n";
  }

  private static JsonArray dims(Shape shape) {
    JsonArray a = new JsonArray();
    for (int d : shape.dims()) {
      a.add(d);
    }
    return a;
  }

  private static JsonArray pair(int a, int b) {
    JsonArray j = new JsonArray();
    j.add(a);
    j.add(b);
    return j;
  }
}
