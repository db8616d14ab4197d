package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Max pooling across the channel axis: output channel j is the max of input channels
 * [j·k, j·k + k) at the same pixel (window k, stride k; C must be a multiple of k), as in
 * TensorFlow's depthwise {@code max_pool} with ksize (1, 1, 1, k). Groups of k contiguous floats
 * are too short for vectors, so this layer is scalar only.
 *
 * <p>Backward routes each gradient to the first channel of the group equal to the max.
 */
public final class DepthPool implements Layer {
  private final int h;
  private final int w;
  private final int c;
  private final int k;

  public DepthPool(int h, int w, int c, int k) {
    if (k < 1 || c % k != 0) {
      throw new IllegalArgumentException("depth pool size " + k + " must divide channels " + c);
    }
    this.h = h;
    this.w = w;
    this.c = c;
    this.k = k;
  }

  @Override
  public void forward(Tensor in, Tensor out, boolean training) {
    Simd.checkSample(in, h, w, c, "DepthPool input");
    Simd.checkSample(out, h, w, c / k, "DepthPool output");
    Simd.checkBatch(in, out);
    final int groups = c / k;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      // One group of k input channels per output value; pixels of all samples in the chunk.
      int src = in.offset + from * in.sampleSize();
      int dst = out.offset + from * out.sampleSize();
      for (int g = 0, end = (to - from) * h * w * groups; g < end; g++, src += k, dst++) {
        float best = in.data[src];
        for (int j = 1; j < k; j++) {
          best = Math.max(best, in.data[src + j]);
        }
        out.data[dst] = best;
      }
    });
  }

  @Override
  public void backward(Tensor in, Tensor out, Tensor dOut, Tensor dIn) {
    if (dIn == null) {
      return;
    }
    Simd.checkSample(dIn, h, w, c, "DepthPool dIn");
    Simd.checkSample(dOut, h, w, c / k, "DepthPool dOut");
    final int groups = c / k;
    Simd.forBatch(in.n, in.sampleSize(), (chunk, from, to) -> {
      int src = in.offset + from * in.sampleSize();
      int dx = dIn.offset + from * dIn.sampleSize();
      int y = out.offset + from * out.sampleSize();
      int dy = dOut.offset + from * dOut.sampleSize();
      Arrays.fill(dIn.data, dx, dx + (to - from) * dIn.sampleSize(), 0f);
      for (int g = 0, end = (to - from) * h * w * groups; g < end; g++, src += k, dx += k) {
        float m = out.data[y + g];
        for (int j = 0; j < k; j++) {
          if (in.data[src + j] == m) {
            dIn.data[dx + j] = dOut.data[dy + g];
            break;
          }
        }
      }
    });
  }
}
