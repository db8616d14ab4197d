package dev.cnnc.runtime.layers;

import jdk.incubator.vector.FloatVector;

/**
 * Per-sample kernels of {@link BatchNorm}, each with its scalar twin. A sample is [P, C] (P = H·W
 * pixels, channels innermost); vectors run across channels and pixels are visited in the same
 * order as the scalar twin, so both add in the same order.
 */
final class BnKernels {
  private BnKernels() {}

  // acc[ch] += Σ_p (x[p, ch] − centre[ch])^(squared ? 2 : 1)
  static void sumsVector(float[] x, int base, int pixels, int c, float[] centre, boolean squared,
      float[] acc, int accOff) {
    final int bound = Simd.F.loopBound(c);
    for (int p = 0, at = base; p < pixels; p++, at += c) {
      int ch = 0;
      for (; ch < bound; ch += Simd.F.length()) {
        FloatVector d = FloatVector.fromArray(Simd.F, x, at + ch)
            .sub(FloatVector.fromArray(Simd.F, centre, ch));
        if (squared) {
          d = d.mul(d);
        }
        FloatVector.fromArray(Simd.F, acc, accOff + ch).add(d).intoArray(acc, accOff + ch);
      }
      for (; ch < c; ch++) {
        float d = x[at + ch] - centre[ch];
        acc[accOff + ch] += squared ? d * d : d;
      }
    }
  }

  static void sumsScalar(float[] x, int base, int pixels, int c, float[] centre, boolean squared,
      float[] acc, int accOff) {
    for (int p = 0, at = base; p < pixels; p++, at += c) {
      for (int ch = 0; ch < c; ch++) {
        float d = x[at + ch] - centre[ch];
        acc[accOff + ch] += squared ? d * d : d;
      }
    }
  }

  // y[p, ch] = x[p, ch] · k1[ch] + k2[ch]
  static void affineVector(float[] x, int xb, float[] y, int yb, int pixels, int c, float[] k1,
      float[] k2) {
    final int bound = Simd.F.loopBound(c);
    for (int p = 0; p < pixels; p++, xb += c, yb += c) {
      int ch = 0;
      for (; ch < bound; ch += Simd.F.length()) {
        FloatVector.fromArray(Simd.F, x, xb + ch)
            .mul(FloatVector.fromArray(Simd.F, k1, ch))
            .add(FloatVector.fromArray(Simd.F, k2, ch))
            .intoArray(y, yb + ch);
      }
      for (; ch < c; ch++) {
        y[yb + ch] = x[xb + ch] * k1[ch] + k2[ch];
      }
    }
  }

  static void affineScalar(float[] x, int xb, float[] y, int yb, int pixels, int c, float[] k1,
      float[] k2) {
    for (int p = 0; p < pixels; p++, xb += c, yb += c) {
      for (int ch = 0; ch < c; ch++) {
        y[yb + ch] = x[xb + ch] * k1[ch] + k2[ch];
      }
    }
  }

  // sDy[ch] += Σ_p dy;  sDyXhat[ch] += Σ_p dy · (x − mean)·invStd
  static void gradSumsVector(float[] x, int xb, float[] dy, int db, int pixels, int c, float[] mean,
      float[] invStd, float[] sDy, float[] sDyXhat, int off) {
    final int bound = Simd.F.loopBound(c);
    for (int p = 0; p < pixels; p++, xb += c, db += c) {
      int ch = 0;
      for (; ch < bound; ch += Simd.F.length()) {
        FloatVector g = FloatVector.fromArray(Simd.F, dy, db + ch);
        FloatVector xhat = FloatVector.fromArray(Simd.F, x, xb + ch)
            .sub(FloatVector.fromArray(Simd.F, mean, ch))
            .mul(FloatVector.fromArray(Simd.F, invStd, ch));
        FloatVector.fromArray(Simd.F, sDy, off + ch).add(g).intoArray(sDy, off + ch);
        FloatVector.fromArray(Simd.F, sDyXhat, off + ch).add(g.mul(xhat))
            .intoArray(sDyXhat, off + ch);
      }
      for (; ch < c; ch++) {
        float g = dy[db + ch];
        sDy[off + ch] += g;
        sDyXhat[off + ch] += g * ((x[xb + ch] - mean[ch]) * invStd[ch]);
      }
    }
  }

  static void gradSumsScalar(float[] x, int xb, float[] dy, int db, int pixels, int c, float[] mean,
      float[] invStd, float[] sDy, float[] sDyXhat, int off) {
    for (int p = 0; p < pixels; p++, xb += c, db += c) {
      for (int ch = 0; ch < c; ch++) {
        float g = dy[db + ch];
        sDy[off + ch] += g;
        sDyXhat[off + ch] += g * ((x[xb + ch] - mean[ch]) * invStd[ch]);
      }
    }
  }

  // dx = k1 · (dy − k2 − x̂ · k3), x̂ = (x − mean) · invStd
  static void inputGradVector(float[] x, int xb, float[] dy, int db, float[] dx, int ob, int pixels,
      int c, float[] mean, float[] invStd, float[] k1, float[] k2, float[] k3) {
    final int bound = Simd.F.loopBound(c);
    for (int p = 0; p < pixels; p++, xb += c, db += c, ob += c) {
      int ch = 0;
      for (; ch < bound; ch += Simd.F.length()) {
        FloatVector xhat = FloatVector.fromArray(Simd.F, x, xb + ch)
            .sub(FloatVector.fromArray(Simd.F, mean, ch))
            .mul(FloatVector.fromArray(Simd.F, invStd, ch));
        FloatVector.fromArray(Simd.F, dy, db + ch)
            .sub(FloatVector.fromArray(Simd.F, k2, ch))
            .sub(xhat.mul(FloatVector.fromArray(Simd.F, k3, ch)))
            .mul(FloatVector.fromArray(Simd.F, k1, ch))
            .intoArray(dx, ob + ch);
      }
      for (; ch < c; ch++) {
        float xhat = (x[xb + ch] - mean[ch]) * invStd[ch];
        dx[ob + ch] = (dy[db + ch] - k2[ch] - xhat * k3[ch]) * k1[ch];
      }
    }
  }

  static void inputGradScalar(float[] x, int xb, float[] dy, int db, float[] dx, int ob, int pixels,
      int c, float[] mean, float[] invStd, float[] k1, float[] k2, float[] k3) {
    for (int p = 0; p < pixels; p++, xb += c, db += c, ob += c) {
      for (int ch = 0; ch < c; ch++) {
        float xhat = (x[xb + ch] - mean[ch]) * invStd[ch];
        dx[ob + ch] = (dy[db + ch] - k2[ch] - xhat * k3[ch]) * k1[ch];
      }
    }
  }
}
