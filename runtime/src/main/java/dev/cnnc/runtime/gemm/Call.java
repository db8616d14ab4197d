package dev.cnnc.runtime.gemm;

/**
 * The operands and output of one GEMM call, C = epilogue(op(A)·op(B) + beta·C), as the parallel
 * bodies ({@link Gemm}'s tile blocks, {@link KSplit}'s chunks) read them from every thread. Those
 * bodies are reused per calling thread, so a call allocates nothing; {@link #clear} drops the
 * references afterwards so a thread-local does not pin the caller's arrays.
 */
final class Call {
  int m;
  int n;
  int k;
  APacker ap;
  BPacker bp;
  PackedB pb;
  float beta;
  float[] c;
  int cOff;
  int ldc;
  int[] cRows;
  float[] scale;
  float[] shift;
  int e;
  boolean relu;
  /** Where the finished C goes, transposed, instead of into c; null for a plain product. */
  TransposedAdd tr;

  void set(int m, int n, int k, APacker ap, BPacker bp, PackedB pb, float beta, float[] c,
      int cOff, int ldc, int[] cRows, float[] scale, float[] shift, int e, boolean relu) {
    this.m = m;
    this.n = n;
    this.k = k;
    this.ap = ap;
    this.bp = bp;
    this.pb = pb;
    this.beta = beta;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.cRows = cRows;
    this.scale = scale;
    this.shift = shift;
    this.e = e;
    this.relu = relu;
    this.tr = null;
  }

  void clear() {
    set(0, 0, 0, null, null, null, 0f, null, 0, 0, null, null, null, 0, false);
  }
}
