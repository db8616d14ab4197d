package dev.cnnc.runtime.gemm;

import dev.cnnc.runtime.parallel.Parallel;

/**
 * A whole op(B) (K×N) packed once and shared read-only by every thread, for operands that many
 * row blocks reuse: convolution weights in the forward and input-gradient passes. Layout: K is cut
 * into KC blocks; block pc starts at pc·Npad and holds the NR-column panels of all N, each kc×NR.
 * The owner keeps one instance and repacks into it every call (the buffer only grows).
 */
public final class PackedB {
  private float[] buf = new float[0];
  private int k;
  private int npad;

  /** Packs op(B) (k×n) from packer; parallel over NR panels when asked. */
  public void pack(BPacker packer, int k, int n, boolean parallel) {
    int np = (n + Kernel.NR - 1) / Kernel.NR * Kernel.NR;
    long need = (long) k * np;
    if (need > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("packed B too large: " + k + "x" + n);
    }
    if (buf.length < need) {
      buf = new float[(int) need];
    }
    this.k = k;
    this.npad = np;
    int panels = np / Kernel.NR;
    if (parallel && panels > 1 && need >= PARALLEL_MIN_FLOATS) {
      Parallel.forRange(panels, (chunk, from, to) -> packPanels(packer, n, from, to));
    } else {
      packPanels(packer, n, 0, panels);
    }
  }

  /** Below this size one thread packs faster than two can be started. */
  private static final long PARALLEL_MIN_FLOATS = 1 << 14;

  /** Packs the columns of NR panels [from, to) in every K block. */
  private void packPanels(BPacker packer, int n, int from, int to) {
    int j0 = from * Kernel.NR;
    int nc = Math.min(n, to * Kernel.NR) - j0;
    for (int pc = 0; pc < k; pc += Driver.KC) {
      int kc = Math.min(Driver.KC, k - pc);
      packer.packB(buf, pc * npad + from * kc * Kernel.NR, j0, nc, pc, kc);
    }
  }

  float[] buffer() {
    return buf;
  }

  /** Offset of the panel holding column j (a multiple of NR) in the K block starting at pc. */
  int offset(int pc, int j) {
    int kc = Math.min(Driver.KC, k - pc);
    return pc * npad + (j / Kernel.NR) * kc * Kernel.NR;
  }
}
