package dev.cnnc.runtime.layers;

import java.util.Arrays;

/**
 * Everything a {@link Conv2d} needs, as the compiler computed it. The output size is given (not
 * derived) so the compiler's shape inference is cross-checked here:
 * {@code outH = (inH + padTop + padBottom - dh·(kh - 1) - 1) / sh + 1}, likewise for W.
 *
 * @param connections null for a dense layer, else for each output filter the input channels it
 *     reads (LeNet-5's C3 table); requires groups = 1.
 */
public record ConvConfig(String name, int inH, int inW, int inC, int outH, int outW, int outC,
    int kh, int kw, int sh, int sw, int dh, int dw, int padTop, int padBottom, int padLeft,
    int padRight, int groups, boolean bias, int[][] connections, FusedActivation activation) {

  public ConvConfig {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("convolution needs a name");
    }
    if (activation == null) {
      activation = FusedActivation.NONE;
    }
    String where = "conv " + name + ": ";
    if (Math.min(Math.min(inH, inW), inC) < 1 || Math.min(outC, Math.min(kh, kw)) < 1
        || Math.min(Math.min(sh, sw), Math.min(dh, dw)) < 1 || groups < 1) {
      throw new IllegalArgumentException(where + "sizes, strides, dilations and groups must be >= 1");
    }
    if (Math.min(Math.min(padTop, padBottom), Math.min(padLeft, padRight)) < 0) {
      throw new IllegalArgumentException(where + "negative padding");
    }
    if (inC % groups != 0 || outC % groups != 0) {
      throw new IllegalArgumentException(where + "groups " + groups + " must divide in " + inC
          + " and out " + outC + " channels");
    }
    int eh = outSize(inH, kh, sh, dh, padTop, padBottom);
    int ew = outSize(inW, kw, sw, dw, padLeft, padRight);
    if (eh < 1 || ew < 1) {
      throw new IllegalArgumentException(where + "kernel larger than the padded input");
    }
    if (outH != eh || outW != ew) {
      throw new IllegalArgumentException(where + "output " + outH + "x" + outW
          + " inconsistent with the geometry, which gives " + eh + "x" + ew);
    }
    if (connections != null) {
      if (groups != 1) {
        throw new IllegalArgumentException(where + "a connection table needs groups = 1");
      }
      if (connections.length != outC) {
        throw new IllegalArgumentException(where + "connection table has " + connections.length
            + " rows for " + outC + " filters");
      }
      int[][] copy = new int[outC][];
      for (int o = 0; o < outC; o++) {
        copy[o] = connections[o].clone();
        for (int ci : copy[o]) {
          if (ci < 0 || ci >= inC) {
            throw new IllegalArgumentException(where + "filter " + o + " reads channel " + ci
                + " outside [0, " + inC + ")");
          }
        }
      }
      connections = copy;
    }
  }

  /** Output extent of one spatial axis. */
  public static int outSize(int in, int k, int stride, int dilation, int padLo, int padHi) {
    int span = dilation * (k - 1) + 1;
    int padded = in + padLo + padHi;
    return padded < span ? 0 : (padded - span) / stride + 1;
  }

  /** Input channels each filter sees. */
  public int inPerGroup() {
    return inC / groups;
  }

  /** Filters per group. */
  public int outPerGroup() {
    return outC / groups;
  }

  /** The GEMM depth per group: kh·kw·cin/groups. */
  public int patchSize() {
    return kh * kw * inPerGroup();
  }

  /** Multiply-adds per sample of the forward pass (a GFLOP/s denominator is 2× this). */
  public long macsPerSample() {
    return (long) outH * outW * outC * patchSize();
  }

  @Override
  public int[][] connections() {
    if (connections == null) {
      return null;
    }
    int[][] copy = new int[connections.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = connections[i].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvConfig c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "ConvConfig[" + name + " " + inH + "x" + inW + "x" + inC + " -> " + outH + "x" + outW
        + "x" + outC + " k" + kh + "x" + kw + " s" + sh + "x" + sw + " d" + dh + "x" + dw + " pad "
        + padTop + "," + padBottom + "," + padLeft + "," + padRight + " g" + groups
        + (bias ? " bias" : "") + (connections == null ? "" : " conn" + Arrays.deepToString(connections))
        + " " + activation + "]";
  }

  /** A builder starting from stride 1, dilation 1, no padding, 1 group, bias on, no activation. */
  public static Builder builder(String name, int inH, int inW, int inC, int outC) {
    return new Builder(name, inH, inW, inC, outC);
  }

  /** Fluent construction; the output size is derived unless set explicitly. */
  public static final class Builder {
    private final String name;
    private final int inH;
    private final int inW;
    private final int inC;
    private final int outC;
    private int outH = -1;
    private int outW = -1;
    private int kh = 1;
    private int kw = 1;
    private int sh = 1;
    private int sw = 1;
    private int dh = 1;
    private int dw = 1;
    private int pt;
    private int pb;
    private int pl;
    private int pr;
    private int groups = 1;
    private boolean bias = true;
    private int[][] connections;
    private FusedActivation activation = FusedActivation.NONE;

    private Builder(String name, int inH, int inW, int inC, int outC) {
      this.name = name;
      this.inH = inH;
      this.inW = inW;
      this.inC = inC;
      this.outC = outC;
    }

    public Builder kernel(int kh, int kw) {
      this.kh = kh;
      this.kw = kw;
      return this;
    }

    public Builder stride(int sh, int sw) {
      this.sh = sh;
      this.sw = sw;
      return this;
    }

    public Builder dilation(int dh, int dw) {
      this.dh = dh;
      this.dw = dw;
      return this;
    }

    public Builder padding(int top, int bottom, int left, int right) {
      this.pt = top;
      this.pb = bottom;
      this.pl = left;
      this.pr = right;
      return this;
    }

    /** TensorFlow-style "same" padding for the current kernel, stride and dilation (extra at the end). */
    public Builder samePadding() {
      int[] v = same(inH, kh, sh, dh);
      int[] h = same(inW, kw, sw, dw);
      return padding(v[0], v[1], h[0], h[1]);
    }

    private static int[] same(int in, int k, int s, int d) {
      int out = (in + s - 1) / s;
      int total = Math.max(0, (out - 1) * s + d * (k - 1) + 1 - in);
      return new int[] {total / 2, total - total / 2};
    }

    public Builder output(int outH, int outW) {
      this.outH = outH;
      this.outW = outW;
      return this;
    }

    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    public Builder connections(int[][] connections) {
      this.connections = connections;
      return this;
    }

    public Builder activation(FusedActivation activation) {
      this.activation = activation;
      return this;
    }

    public ConvConfig build() {
      int oh = outH >= 0 ? outH : outSize(inH, kh, sh, dh, pt, pb);
      int ow = outW >= 0 ? outW : outSize(inW, kw, sw, dw, pl, pr);
      return new ConvConfig(name, inH, inW, inC, oh, ow, outC, kh, kw, sh, sw, dh, dw, pt, pb, pl,
          pr, groups, bias, connections, activation);
    }
  }
}
