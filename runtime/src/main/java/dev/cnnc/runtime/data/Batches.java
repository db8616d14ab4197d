package dev.cnnc.runtime.data;

import dev.cnnc.runtime.tensor.Tensor;

/**
 * One epoch of mini-batches, from {@link BatchIterator#epoch}. Close it when done (try-with-resources)
 * so a prefetching thread stops even if the epoch is abandoned.
 */
public interface Batches extends AutoCloseable {
  /**
   * Fills the next batch into {@code images} (samples [0, n) of the view; its h, w, c must be the
   * data set's and its n at least the batch size) and {@code labels}[0, n). Returns n, or 0 at the
   * end of the epoch (and on every call after). An exception of the prefetching thread is rethrown
   * here.
   */
  int next(Tensor images, int[] labels);

  /** Index (within the epoch) of the batch the next call to {@link #next} returns. */
  int nextBatchIndex();

  @Override
  void close();
}
