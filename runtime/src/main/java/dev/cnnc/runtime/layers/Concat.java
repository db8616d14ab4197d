package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * Concatenation along channels of NHWC tensors with equal H and W (Inception, DenseNet). Not a
 * {@link Layer}: it has several inputs. The backward splits dOut into the inputs' gradients,
 * overwriting each non-null {@code dIns[i]}; if an input also feeds other layers, the caller sums
 * the gradients (see {@link Add#accumulate}).
 */
public final class Concat {
  private final int h;
  private final int w;
  private final int[] channels;
  private final int outC;

  public Concat(int h, int w, int... channels) {
    this.h = h;
    this.w = w;
    this.channels = channels.clone();
    int sum = 0;
    for (int c : channels) {
      sum += c;
    }
    this.outC = sum;
  }

  public int outChannels() {
    return outC;
  }

  public void forward(Tensor[] ins, Tensor out) {
    check(ins, out);
    final int pixels = h * w;
    Simd.forBatch(out.n, out.sampleSize(), (chunk, from, to) -> {
      for (int p = from * pixels; p < to * pixels; p++) {
        int dst = out.offset + p * outC;
        for (int k = 0; k < ins.length; k++) {
          int c = channels[k];
          System.arraycopy(ins[k].data, ins[k].offset + p * c, out.data, dst, c);
          dst += c;
        }
      }
    });
  }

  public void backward(Tensor dOut, Tensor[] dIns) {
    check(dIns, dOut);
    final int pixels = h * w;
    Simd.forBatch(dOut.n, dOut.sampleSize(), (chunk, from, to) -> {
      for (int p = from * pixels; p < to * pixels; p++) {
        int src = dOut.offset + p * outC;
        for (int k = 0; k < dIns.length; k++) {
          int c = channels[k];
          if (dIns[k] != null) {
            System.arraycopy(dOut.data, src, dIns[k].data, dIns[k].offset + p * c, c);
          }
          src += c;
        }
      }
    });
  }

  private void check(Tensor[] ins, Tensor out) {
    if (ins.length != channels.length) {
      throw new IllegalArgumentException("Concat of " + channels.length + " got " + ins.length);
    }
    Simd.checkSample(out, h, w, outC, "Concat output");
    for (int k = 0; k < ins.length; k++) {
      if (ins[k] != null) {
        Simd.checkSample(ins[k], h, w, channels[k], "Concat input");
        Simd.checkBatch(ins[k], out);
      }
    }
  }
}
