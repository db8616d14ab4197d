package dev.cnnc.runtime.gemm;

/** Plain-loop reference twin of {@link Gemm}, accumulating in double, for differential tests. */
final class ScalarGemm {
  private ScalarGemm() {}

  /** C = alpha·op(A)·op(B) + beta·C. // A: M×K, B: K×N, C: M×N (after op), row-major with strides. */
  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
      int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          s += (double) x * y;
        }
        int ci = cOff + i * ldc + j;
        double old = beta == 0f ? 0 : (double) beta * c[ci];
        c[ci] = (float) (alpha * s + old);
      }
    }
  }
}
