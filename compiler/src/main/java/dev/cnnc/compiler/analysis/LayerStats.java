package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.shapes.Shape;

/**
 * Per-layer figures of a summary. {@code rfSize}/{@code rfJump} are 0 for layers after the
 * spatial part (vectors). MACs count CONV and FC only, as torchvision and the papers do.
 */
public record LayerStats(Node node, Shape output, long trainable, long nonTrainable, long macs,
    int rfSize, int rfJump) {
  public boolean hasReceptiveField() {
    return rfSize > 0;
  }
}
