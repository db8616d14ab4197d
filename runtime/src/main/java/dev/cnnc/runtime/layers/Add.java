package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * Elementwise sum of equal-shaped tensors (residual connections). Not a {@link Layer}: it has
 * several inputs.
 *
 * <p>Gradient convention: {@link #backward} overwrites each non-null {@code dIns[i]} with a copy of
 * dOut (the generator may instead alias every dIns[i] to dOut and skip the call). It never
 * accumulates. Fan-out — one tensor consumed by several layers, e.g. the skip branch of a residual
 * block — is the <em>caller's</em> job: each consumer writes its own dIn buffer and the caller sums
 * them with {@link #accumulate} before back-propagating further.
 */
public final class Add {
  private final int size;
  private final int inputs;
  boolean vectorised = Simd.VECTOR_DEFAULT;

  public Add(int h, int w, int c, int inputs) {
    if (inputs < 1) {
      throw new IllegalArgumentException("Add needs at least one input");
    }
    this.size = h * w * c;
    this.inputs = inputs;
  }

  public void forward(Tensor[] ins, Tensor out) {
    if (ins.length != inputs) {
      throw new IllegalArgumentException("Add of " + inputs + " got " + ins.length);
    }
    Simd.checkSize(out, size, "Add output");
    for (Tensor t : ins) {
      Simd.checkSize(t, size, "Add input");
      Simd.checkBatch(t, out);
    }
    // out may alias one input (in-place residual add): start from that one instead of a copy.
    int aliased = -1;
    for (int k = 0; k < ins.length; k++) {
      if (ins[k].data == out.data && ins[k].offset == out.offset) {
        aliased = k;
      }
    }
    final int start = Math.max(aliased, 0);
    final boolean copyFirst = aliased < 0;
    final boolean vec = vectorised;
    Simd.forBatch(out.n, (long) size * inputs, (chunk, from, to) -> {
      int len = (to - from) * size;
      int o = out.offset + from * size;
      if (copyFirst) {
        System.arraycopy(ins[0].data, ins[0].offset + from * size, out.data, o, len);
      }
      for (int k = 0; k < ins.length; k++) {
        if (k != start) {
          addInto(out.data, o, ins[k].data, ins[k].offset + from * size, len, vec);
        }
      }
    });
  }

  public void backward(Tensor dOut, Tensor[] dIns) {
    for (Tensor d : dIns) {
      if (d != null && (d.data != dOut.data || d.offset != dOut.offset)) {
        d.copyFrom(dOut);
      }
    }
  }

  /** into += g, elementwise (fan-out gradient accumulation); vectorised, parallel over batch. */
  public static void accumulate(Tensor into, Tensor g) {
    if (into.size() != g.size()) {
      throw new IllegalArgumentException("cannot accumulate " + g + " into " + into);
    }
    final int per = into.sampleSize();
    Simd.forBatch(into.n, per, (chunk, from, to) -> addInto(into.data, into.offset + from * per,
        g.data, g.offset + from * per, (to - from) * per, Simd.VECTOR_DEFAULT));
  }

  // dst[0..len) += src[0..len)
  static void addInto(float[] dst, int d, float[] src, int s, int len, boolean vec) {
    int i = 0;
    if (vec) {
      for (int bound = Simd.F.loopBound(len); i < bound; i += Simd.F.length()) {
        FloatVector.fromArray(Simd.F, dst, d + i).add(FloatVector.fromArray(Simd.F, src, s + i))
            .intoArray(dst, d + i);
      }
    }
    for (; i < len; i++) {
      dst[d + i] += src[s + i];
    }
  }
}
