package dev.cnnc.runtime.layers;

/**
 * Reference twin of {@link Conv2d}: the convolution written straight from its definition in plain
 * loops and double precision, for differential and gradient tests. Arrays are NHWC / HWIO like the
 * real layer; a connection table acts by skipping unconnected (filter, channel) pairs.
 */
final class ScalarConv2d {
  private ScalarConv2d() {}

  /** The filter o reads channel ci (within its group). */
  private static boolean connected(ConvConfig cf, int o, int ci) {
    int[][] table = cf.connections();
    if (table == null) {
      return true;
    }
    for (int c : table[o]) {
      if (c == ci) {
        return true;
      }
    }
    return false;
  }

  /**
   * y = act(scale·(conv(x, w) + b) + shift); scale/shift may be null (identity), b may be null.
   * // x: N×H×W×C, w: kh×kw×(C/g)×O, y: N×OH×OW×O
   */
  static double[] forward(ConvConfig cf, int batch, double[] x, double[] w, double[] b,
      double[] scale, double[] shift, boolean relu) {
    int og = cf.outPerGroup();
    int cg = cf.inPerGroup();
    double[] y = new double[batch * cf.outH() * cf.outW() * cf.outC()];
    for (int n = 0; n < batch; n++) {
      for (int oy = 0; oy < cf.outH(); oy++) {
        for (int ox = 0; ox < cf.outW(); ox++) {
          for (int o = 0; o < cf.outC(); o++) {
            int g = o / og;
            double s = b == null ? 0 : b[o];
            for (int ky = 0; ky < cf.kh(); ky++) {
              int iy = oy * cf.sh() - cf.padTop() + ky * cf.dh();
              for (int kx = 0; kx < cf.kw(); kx++) {
                int ix = ox * cf.sw() - cf.padLeft() + kx * cf.dw();
                if (iy < 0 || iy >= cf.inH() || ix < 0 || ix >= cf.inW()) {
                  continue;
                }
                for (int ci = 0; ci < cg; ci++) {
                  if (!connected(cf, o, g * cg + ci)) {
                    continue;
                  }
                  s += x[((n * cf.inH() + iy) * cf.inW() + ix) * cf.inC() + g * cg + ci]
                      * w[((ky * cf.kw() + kx) * cg + ci) * cf.outC() + o];
                }
              }
            }
            if (scale != null) {
              s = scale[o] * s + shift[o];
            }
            y[((n * cf.outH() + oy) * cf.outW() + ox) * cf.outC() + o] = relu ? Math.max(s, 0) : s;
          }
        }
      }
    }
    return y;
  }

  /** Gradients of a training forward: dx (overwritten), dw and db (returned fresh). */
  record Grads(double[] dx, double[] dw, double[] db) {}

  /** dZ = dy·[y > 0] (with relu), then the three sums written from the definition. */
  static Grads backward(ConvConfig cf, int batch, double[] x, double[] w, double[] y, double[] dy,
      boolean relu) {
    int og = cf.outPerGroup();
    int cg = cf.inPerGroup();
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    double[] db = new double[cf.outC()];
    for (int n = 0; n < batch; n++) {
      for (int oy = 0; oy < cf.outH(); oy++) {
        for (int ox = 0; ox < cf.outW(); ox++) {
          for (int o = 0; o < cf.outC(); o++) {
            int yi = ((n * cf.outH() + oy) * cf.outW() + ox) * cf.outC() + o;
            double dz = relu && !(y[yi] > 0) ? 0 : dy[yi];
            db[o] += dz;
            int g = o / og;
            for (int ky = 0; ky < cf.kh(); ky++) {
              int iy = oy * cf.sh() - cf.padTop() + ky * cf.dh();
              for (int kx = 0; kx < cf.kw(); kx++) {
                int ix = ox * cf.sw() - cf.padLeft() + kx * cf.dw();
                if (iy < 0 || iy >= cf.inH() || ix < 0 || ix >= cf.inW()) {
                  continue;
                }
                for (int ci = 0; ci < cg; ci++) {
                  if (!connected(cf, o, g * cg + ci)) {
                    continue;
                  }
                  int xi = ((n * cf.inH() + iy) * cf.inW() + ix) * cf.inC() + g * cg + ci;
                  int wi = ((ky * cf.kw() + kx) * cg + ci) * cf.outC() + o;
                  dx[xi] += dz * w[wi];
                  dw[wi] += dz * x[xi];
                }
              }
            }
          }
        }
      }
    }
    return new Grads(dx, dw, db);
  }
}
