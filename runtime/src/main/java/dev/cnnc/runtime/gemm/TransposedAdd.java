package dev.cnnc.runtime.gemm;

import dev.cnnc.runtime.parallel.Parallel;
import jdk.incubator.vector.FloatVector;

/**
 * Where a product is added transposed: g[j·ld + col + i] += C[i][j]. A convolution's weight
 * gradient comes out of its GEMM as dWᵀ (output channels × patch length) while the weights are
 * stored patch-major, so it is added transposed. Done as a separate pass over a C scratch, that
 * costs about as much as the GEMM itself when the batch is small (ResNet-18's 3×3 512 layer at
 * batch 8: 3.4 ms against 11.7 ms, 1 thread): C and the gradient each cross memory once more and the
 * transposed access runs at 1–1.7 ns a float. So the driver adds each MC×NR panel of C while the
 * panel is in L1, right after its last K block ({@link #collect}, {@link #addPanel}).
 *
 * <p>One instance per calling thread of {@link Gemm}; threads only read it during a call.
 */
final class TransposedAdd {
  /** Below this many floats the separate pass (K-split products only) stays on one thread. */
  static final int PARALLEL_MIN_ELEMENTS = 1 << 17;

  float[] g;
  int col;
  int ld;

  TransposedAdd set(float[] g, int col, int ld) {
    this.g = g;
    this.col = col;
    this.ld = ld;
    return this;
  }

  /**
   * The last K block's tile, finished as {@link Kernel#merge} would finish it (tile + beta·C), into
   * the panel buffer transposed: panel[j·MC + r + i] for the tile's rows r…r + mr. // tile: MR×NR,
   * C: mr×nr at c[cOff] with stride ldc (read only when beta ≠ 0), panel: NR×MC.
   */
  static void collect(float[] tile, int mr, int nr, float[] c, int cOff, int ldc, float beta,
      float[] panel, int r) {
    for (int i = 0; i < mr; i++) {
      int t = i * Kernel.NR;
      int row = cOff + i * ldc;
      for (int j = 0; j < nr; j++) {
        float v = tile[t + j];
        if (beta != 0f) {
          v = v + c[row + j] * beta;
        }
        panel[j * Driver.MC + r + i] = v;
      }
    }
  }

  /**
   * g[(j0 + j)·ld + col + i0 + i] += panel[j·MC + i] for i < mc, j < nr: one contiguous run of the
   * gradient per column of C. // panel: NR×MC, rows i0… and columns j0… of C.
   */
  void addPanel(float[] panel, int mc, int nr, int i0, int j0) {
    int bound = Kernel.S.loopBound(mc);
    for (int j = 0; j < nr; j++) {
      int at = (j0 + j) * ld + col + i0;
      int p = j * Driver.MC;
      int i = 0;
      for (; i < bound; i += Kernel.V) {
        FloatVector.fromArray(Kernel.S, g, at + i)
            .add(FloatVector.fromArray(Kernel.S, panel, p + i))
            .intoArray(g, at + i);
      }
      for (; i < mc; i++) {
        g[at + i] += panel[p + i];
      }
    }
  }

  /**
   * The separate pass, for products computed whole into c first (K-split ones, whose C is small):
   * g[j·ld + col + i] += c[i·n + j]. 16-column strips keep both sides' accesses in cache lines.
   */
  void addAll(float[] c, int m, int n, boolean parallel) {
    int strips = (n + 15) / 16;
    float[] dst = g;
    int gc = col;
    int gl = ld;
    Parallel.RangeBody body = (chunk, from, to) -> {
      for (int j0 = from * 16; j0 < Math.min(n, to * 16); j0 += 16) {
        int j1 = Math.min(n, j0 + 16);
        for (int i = 0; i < m; i++) {
          for (int j = j0; j < j1; j++) {
            dst[j * gl + gc + i] += c[i * n + j];
          }
        }
      }
    };
    if (!parallel || (long) m * n < PARALLEL_MIN_ELEMENTS) {
      body.run(0, 0, strips);
    } else {
      Parallel.forRange(strips, body);
    }
  }
}
