package dev.cnnc.runtime.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs six stored rows as one full micro-panel of operand A: the transpose the packed layout needs,
 * {@code dst[d + p·MR + r] = src[o_r + p]}. Copying a row at a time stores every float at a stride
 * of MR; here each step loads V floats of all six rows, interleaves them with vector permutes and
 * stores 6·V contiguous floats. Same floats either way (a pure copy).
 *
 * <p>Measured (Temurin 25, one Zen 5 core): the 390×256 A of ResNet-18's 1×1 stride-2 512
 * convolution at batch 8, rows from the NHWC input, 14.5 µs against 35–59 µs a row at a time.
 */
public final class RowPanel {
  private static final VectorSpecies<Float> S = Kernel.S;
  private static final int V = Kernel.V;

  /**
   * JDK 17's C2 does not compile two-vector rearranges to permutes (the same panels took 220 µs
   * there, against 48 µs a row at a time), so older JDKs copy a row at a time.
   */
  public static final boolean VECTORISED =
      Runtime.version().feature() >= 25 && !Boolean.getBoolean("cnnc.scalar");

  // Step 1 interleaves rows in pairs: lanes (r0 k0, r1 k0, r0 k1, r1 k1, …) from the low (LO) or
  // high (HI) half of the V steps. Step 2 makes each output vector from the three pair vectors:
  // lanes from pairs 01 and 23 with one two-vector rearrange, pair 45's lanes blended in.
  private static final VectorShuffle<Float> LO = pairShuffle(0);
  private static final VectorShuffle<Float> HI = pairShuffle(V / 2);
  private static final VectorShuffle<Float> FIRST_0 = outShuffle(0, true);
  private static final VectorShuffle<Float> FIRST_1 = outShuffle(1, true);
  private static final VectorShuffle<Float> FIRST_2 = outShuffle(2, true);
  private static final VectorShuffle<Float> THIRD_0 = outShuffle(0, false);
  private static final VectorShuffle<Float> THIRD_1 = outShuffle(1, false);
  private static final VectorShuffle<Float> THIRD_2 = outShuffle(2, false);
  private static final VectorMask<Float> FROM_THIRD_0 = thirdMask(0);
  private static final VectorMask<Float> FROM_THIRD_1 = thirdMask(1);
  private static final VectorMask<Float> FROM_THIRD_2 = thirdMask(2);

  static {
    if (Kernel.MR != 6 || V % 2 != 0) {
      throw new AssertionError("RowPanel assumes MR = 6 and an even vector length");
    }
  }

  private RowPanel() {}

  /** Zeros for rows that read nothing (a tap in the padding, rows past the matrix); grows. */
  private static volatile float[] zeros = new float[Driver.KC];

  /**
   * dst[d + p·MR + r] = src[o_r + p] for p in [0, len), r in [0, MR): six rows of len floats as one
   * panel of A. // src: six runs of len floats; dst: len·MR floats from d.
   */
  public static void pack(float[] src, int o0, int o1, int o2, int o3, int o4, int o5, int len,
      float[] dst, int d) {
    pack(src, o0, src, o1, src, o2, src, o3, src, o4, src, o5, len, dst, d);
  }

  /**
   * As above with each row from its own array: dst[d + p·MR + r] = s_r[o_r + p]. A row that
   * should be all zeros reads {@link #zeros}.
   */
  public static void pack(float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3,
      int o3, float[] s4, int o4, float[] s5, int o5, int len, float[] dst, int d) {
    if (!VECTORISED || len < V) {
      packScalar(s0, o0, s1, o1, s2, o2, s3, o3, s4, o4, s5, o5, len, dst, d);
      return;
    }
    int p = 0;
    for (; p + V <= len; p += V) {
      step(s0, o0 + p, s1, o1 + p, s2, o2 + p, s3, o3 + p, s4, o4 + p, s5, o5 + p, dst,
          d + p * Kernel.MR);
    }
    if (len - p >= OVERLAP_MIN_TAIL) { // the last V steps again, overlapping: the same floats
      p = len - V;
      step(s0, o0 + p, s1, o1 + p, s2, o2 + p, s3, o3 + p, s4, o4 + p, s5, o5 + p, dst,
          d + p * Kernel.MR);
    } else if (p < len) {
      packScalar(s0, o0 + p, s1, o1 + p, s2, o2 + p, s3, o3 + p, s4, o4 + p, s5, o5 + p, len - p,
          dst, d + p * Kernel.MR);
    }
  }

  /**
   * Fewest tail steps taken as one overlapping vector step rather than one by one: a step by
   * vectors costs about as much as three scalar ones (six loads, eighteen permutes and blends, six
   * stores against six loads and six stores a step). Fashion CNN conv1's weight-gradient Pᵀ
   * ({@code PlanePatchesT}: runs of 28 pixels, tails of 12) ran 1.07–1.12× as fast on 1 thread and
   * 1.10–1.13× on 2 with the overlap (same JVM, 11 rounds, both orders); its forward (rows of 49,
   * tails of 1) 0.91–0.97× on 1 thread when every tail overlapped.
   */
  static final int OVERLAP_MIN_TAIL = 4;

  /** V steps of the six rows as 6·V contiguous floats at dst[d]. */
  private static void step(float[] s0, int o0, float[] s1, int o1, float[] s2, int o2,
      float[] s3, int o3, float[] s4, int o4, float[] s5, int o5, float[] dst, int d) {
    FloatVector r0 = FloatVector.fromArray(S, s0, o0);
    FloatVector r1 = FloatVector.fromArray(S, s1, o1);
    FloatVector r2 = FloatVector.fromArray(S, s2, o2);
    FloatVector r3 = FloatVector.fromArray(S, s3, o3);
    FloatVector r4 = FloatVector.fromArray(S, s4, o4);
    FloatVector r5 = FloatVector.fromArray(S, s5, o5);
    // steps [0, V/2): output lanes [0, 3V)
    FloatVector a = r0.rearrange(LO, r1);
    FloatVector b = r2.rearrange(LO, r3);
    FloatVector c = r4.rearrange(LO, r5);
    a.rearrange(FIRST_0, b).blend(c.rearrange(THIRD_0), FROM_THIRD_0).intoArray(dst, d);
    a.rearrange(FIRST_1, b).blend(c.rearrange(THIRD_1), FROM_THIRD_1).intoArray(dst, d + V);
    a.rearrange(FIRST_2, b).blend(c.rearrange(THIRD_2), FROM_THIRD_2).intoArray(dst, d + 2 * V);
    // steps [V/2, V): output lanes [3V, 6V)
    a = r0.rearrange(HI, r1);
    b = r2.rearrange(HI, r3);
    c = r4.rearrange(HI, r5);
    a.rearrange(FIRST_0, b).blend(c.rearrange(THIRD_0), FROM_THIRD_0).intoArray(dst, d + 3 * V);
    a.rearrange(FIRST_1, b).blend(c.rearrange(THIRD_1), FROM_THIRD_1).intoArray(dst, d + 4 * V);
    a.rearrange(FIRST_2, b).blend(c.rearrange(THIRD_2), FROM_THIRD_2).intoArray(dst, d + 5 * V);
  }

  /** The scalar twin of {@link #pack}. */
  static void packScalar(float[] s0, int o0, float[] s1, int o1, float[] s2, int o2, float[] s3,
      int o3, float[] s4, int o4, float[] s5, int o5, int len, float[] dst, int d) {
    for (int p = 0; p < len; p++, d += Kernel.MR) {
      dst[d] = s0[o0 + p];
      dst[d + 1] = s1[o1 + p];
      dst[d + 2] = s2[o2 + p];
      dst[d + 3] = s3[o3 + p];
      dst[d + 4] = s4[o4 + p];
      dst[d + 5] = s5[o5 + p];
    }
  }

  /** At least len zeros, shared and never written. */
  public static float[] zeros(int len) {
    float[] z = zeros;
    if (z.length < len) {
      z = new float[Math.max(len, 2 * z.length)];
      zeros = z;
    }
    return z;
  }

  /** Lane e takes step off + e/2 of the first row (e even) or of the second (e odd). */
  private static VectorShuffle<Float> pairShuffle(int off) {
    int[] lanes = new int[V];
    for (int e = 0; e < V; e++) {
      lanes[e] = (e % 2 == 0 ? 0 : V) + off + e / 2;
    }
    return VectorShuffle.fromArray(S, lanes, 0);
  }

  /**
   * Output vector j of a half: lane e is panel element q = jV + e, step q / 6 and row q % 6, which
   * sits in pair (row / 2) at lane 2·step + row % 2. The first shuffle picks pairs 01 and 23 (as a
   * two-vector rearrange), the third pair 45.
   */
  private static VectorShuffle<Float> outShuffle(int j, boolean first) {
    int[] lanes = new int[V];
    for (int e = 0; e < V; e++) {
      int q = j * V + e;
      int row = q % Kernel.MR;
      int lane = 2 * (q / Kernel.MR) + row % 2;
      int pair = row / 2;
      lanes[e] = first ? (pair == 0 ? lane : pair == 1 ? V + lane : 0) : (pair == 2 ? lane : 0);
    }
    return VectorShuffle.fromArray(S, lanes, 0);
  }

  private static VectorMask<Float> thirdMask(int j) {
    boolean[] bits = new boolean[V];
    for (int e = 0; e < V; e++) {
      bits[e] = (j * V + e) % Kernel.MR / 2 == 2;
    }
    return VectorMask.fromArray(S, bits, 0);
  }
}
