package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.runtime.model.Model;
import dev.cnnc.runtime.parallel.Parallel;
import dev.cnnc.runtime.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warmed-up forward of a generated model allocates no buffers: they are allocated in the
 * constructor only. Measured on the calling thread (one worker) after the JIT has compiled the
 * kernels: interpreted Vector API code allocates a temporary object per vector operation, which
 * says nothing about buffers. JDK 17's C2 still leaves some of those temporaries (about 48 KB per
 * LeNet-5 forward); JDK 21+ removes them all.
 *
 * <p>On JDK 17 this once failed only after other tests had trained models in the same JVM (177 KB):
 * the GEMM packed transposed A panels as 256-bit runs beside the kernel's 512-bit vectors, and
 * JDK 17's C2 stops inlining Vector API calls whose call sites have seen both sizes. Those runs are
 * now used from JDK 25 only (MatrixA); after all of StdlibCodegenTest in one JVM this forward
 * allocates the same 48 KB as alone.
 */
class ForwardAllocationTest {
  @Test
  void aWarmedUpForwardAllocatesNoBuffers() throws Exception {
    Model m = StdlibCodegenTest.build("lenet5_modern", 4);
    Tensor x = StdlibCodegenTest.randomInput(m, 4, 7);
    int threads = Parallel.threads();
    Parallel.setThreads(1);
    try {
      for (int i = 0; i < 1500; i++) {
        m.forward(x, false);
      }
      com.sun.management.ThreadMXBean bean =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = Thread.currentThread().getId();
      long before = bean.getThreadAllocatedBytes(id);
      m.forward(x, false);
      long allocated = bean.getThreadAllocatedBytes(id) - before;
      long bound = Runtime.version().feature() >= 21 ? 1024 : 64 * 1024;
      System.out.printf("lenet5_modern: a warmed-up forward allocated %,d bytes (JDK %d)%n",
          allocated, Runtime.version().feature());
      assertTrue(allocated < bound, "a warmed-up forward allocated " + allocated + " bytes");
    } finally {
      Parallel.setThreads(threads);
    }
  }
}
