package dev.cnnc.runtime.layers;

/** Reference twin of {@link Dense} in plain loops and double precision, for tests. */
final class ScalarDense {
  private ScalarDense() {}

  /** y = act(x·w + b). // x: N×in, w: in×out, y: N×out */
  static double[] forward(int batch, int in, int out, double[] x, double[] w, double[] b,
      boolean relu) {
    double[] y = new double[batch * out];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += x[n * in + i] * w[i * out + o];
        }
        y[n * out + o] = relu ? Math.max(s, 0) : s;
      }
    }
    return y;
  }

  /** Gradients of the training forward, as {@link ScalarConv2d.Grads}. */
  static ScalarConv2d.Grads backward(int batch, int in, int out, double[] x, double[] w, double[] y,
      double[] dy, boolean relu) {
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    double[] db = new double[out];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        double dz = relu && !(y[n * out + o] > 0) ? 0 : dy[n * out + o];
        db[o] += dz;
        for (int i = 0; i < in; i++) {
          dx[n * in + i] += dz * w[i * out + o];
          dw[i * out + o] += dz * x[n * in + i];
        }
      }
    }
    return new ScalarConv2d.Grads(dx, dw, db);
  }
}
