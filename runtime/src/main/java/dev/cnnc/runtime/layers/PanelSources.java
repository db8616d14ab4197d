package dev.cnnc.runtime.layers;

import dev.cnnc.runtime.gemm.Gemm;
import dev.cnnc.runtime.gemm.RowPanel;

/**
 * Where each of a micro-panel's six rows reads its next run (an array and an offset: the input, or
 * {@link RowPanel#zeros} for a tap in the padding or a row past the matrix), handed to
 * {@link RowPanel#pack}. One per thread, reused, so packing allocates nothing; a packer takes it
 * once per block (a thread-local lookup per panel showed in profiles).
 */
final class PanelSources {
  private static final ThreadLocal<PanelSources> LOCAL = ThreadLocal.withInitial(PanelSources::new);

  final float[][] array = new float[Gemm.MR][];
  final int[] offset = new int[Gemm.MR];
  /** Scratch for the six pixels of a panel being packed (three ints each). */
  final int[] pixels = new int[3 * Gemm.MR];

  static PanelSources get() {
    return LOCAL.get();
  }

  void set(int row, float[] a, int off) {
    array[row] = a;
    offset[row] = off;
  }

  /** dst[d + p·MR + r] = array[r][offset[r] + p] for p in [0, len). */
  void pack(int len, float[] dst, int d) {
    float[][] a = array;
    int[] o = offset;
    RowPanel.pack(a[0], o[0], a[1], o[1], a[2], o[2], a[3], o[3], a[4], o[4], a[5], o[5], len, dst,
        d);
  }

  /** Drops the references (a thread-local must not pin a caller's tensors). */
  void clear() {
    java.util.Arrays.fill(array, null);
  }
}
