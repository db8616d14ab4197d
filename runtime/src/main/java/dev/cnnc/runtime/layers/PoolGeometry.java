package dev.cnnc.runtime.layers;

/**
 * Window bounds of a 2-D pooling, clipped to the real input. The compiler fixes the output size
 * (floor, ceil or strict rounding already applied); padding cells and ceil-mode overhang are simply
 * the parts of a window outside [0, H) × [0, W), so clipping handles both.
 */
final class PoolGeometry {
  final int inH;
  final int inW;
  final int c;
  final int outH;
  final int outW;
  /** Clipped input rows [y0[oy], y1[oy]) of output row oy; likewise columns. */
  final int[] y0;
  final int[] y1;
  final int[] x0;
  final int[] x1;
  /** Whether every input cell lies in exactly one window (a 2×2 stride-2 pool of an even map). */
  final boolean tiles;

  PoolGeometry(int inH, int inW, int c, int kh, int kw, int strideH, int strideW,
      int padTop, int padBottom, int padLeft, int padRight, int outH, int outW) {
    if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || outH < 1 || outW < 1 || c < 1
        || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
      throw new IllegalArgumentException("bad pooling arguments");
    }
    this.inH = inH;
    this.inW = inW;
    this.c = c;
    this.outH = outH;
    this.outW = outW;
    this.y0 = new int[outH];
    this.y1 = new int[outH];
    this.x0 = new int[outW];
    this.x1 = new int[outW];
    clip(y0, y1, inH, kh, strideH, padTop, padBottom, "rows");
    clip(x0, x1, inW, kw, strideW, padLeft, padRight, "columns");
    this.tiles = partitions(y0, y1, inH) && partitions(x0, x1, inW);
  }

  /** Whether the windows [lo[o], hi[o]) cover [0, in) without overlap. */
  private static boolean partitions(int[] lo, int[] hi, int in) {
    for (int o = 0; o < lo.length; o++) {
      if (lo[o] != (o == 0 ? 0 : hi[o - 1])) {
        return false;
      }
    }
    return hi[hi.length - 1] == in;
  }

  private static void clip(int[] lo, int[] hi, int in, int k, int stride, int padLo, int padHi,
      String axis) {
    for (int o = 0; o < lo.length; o++) {
      int start = o * stride - padLo;
      lo[o] = Math.max(0, start);
      hi[o] = Math.min(in, start + k);
      if (hi[o] <= lo[o]) {
        // A window with no real cell has no max and no mean: the compiler's size is inconsistent.
        throw new IllegalArgumentException("pooling window " + o + " over " + axis
            + " covers no input cell (input " + in + ", k " + k + ", stride " + stride
            + ", pad " + padLo + "/" + padHi + ", out " + lo.length + ")");
      }
    }
  }

  /** Number of real input cells under output cell (oy, ox). */
  int count(int oy, int ox) {
    return (y1[oy] - y0[oy]) * (x1[ox] - x0[ox]);
  }
}
