package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;

/** Zero padding of the spatial axes: [N, H, W, C] → [N, top + H + bottom, left + W + right, C]. */
public final class Pad implements Layer {
  private final int h;
  private final int w;
  private final int c;
  private final int top;
  private final int left;
  private final int outH;
  private final int outW;

  public Pad(int h, int w, int c, int top, int bottom, int left, int right) {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("negative padding");
    }
    this.h = h;
    this.w = w;
    this.c = c;
    this.top = top;
    this.left = left;
    this.outH = top + h + bottom;
    this.outW = left + w + right;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSample(in, h, w, c, "Pad input");
    Simd.checkSample(out, outH, outW, c, "Pad output");
    Simd.checkBatch(in, out);
    final int row = w * c;
    Simd.forBatch(in.n, out.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int dst = out.offset + b * out.sampleSize();
        Arrays.fill(out.data, dst, dst + out.sampleSize(), 0f);
        for (int y = 0; y < h; y++) {
          System.arraycopy(in.data, in.offset + (b * h + y) * row, out.data,
              dst + ((top + y) * outW + left) * c, row);
        }
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dIn, h, w, c, "Pad dIn");
    Simd.checkSample(dOut, outH, outW, c, "Pad dOut");
    final int row = w * c;
    Simd.forBatch(dIn.n, dIn.sampleSize(), (chunk, from, to) -> {
      for (int b = from; b < to; b++) {
        int src = dOut.offset + b * dOut.sampleSize();
        for (int y = 0; y < h; y++) {
          System.arraycopy(dOut.data, src + ((top + y) * outW + left) * c, dIn.data,
              dIn.offset + (b * h + y) * row, row);
        }
      }
    });
  }
}
