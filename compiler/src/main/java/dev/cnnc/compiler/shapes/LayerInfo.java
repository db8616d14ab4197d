package dev.cnnc.compiler.shapes;

import dev.cnnc.compiler.ir.Padding;

/**
 * What the shape checker knows of a node: its output shape, and for windowed layers the padding
 * actually used (explicit amounts, after {@code same} was worked out).
 */
public record LayerInfo(Shape output, Padding padding, boolean flattensInput) {
  public static LayerInfo of(Shape output) {
    return new LayerInfo(output, null, false);
  }
}
