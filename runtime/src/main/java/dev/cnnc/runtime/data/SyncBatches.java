package dev.cnnc.runtime.data;

import dev.cnnc.runtime.tensor.Tensor;

/** Batches filled on the caller's thread, straight into the caller's tensor. */
final class SyncBatches implements Batches {
  private final BatchIterator.Filler filler;
  private int next;

  SyncBatches(BatchIterator.Filler filler, int first) {
    this.filler = filler;
    this.next = first;
  }

  @Override
  public int next(Tensor images, int[] labels) {
    filler.checkTarget(images, labels);
    if (next >= filler.batches) {
      return 0;
    }
    return filler.fill(next++, images.data, images.offset, labels);
  }

  @Override
  public int nextBatchIndex() {
    return next;
  }

  @Override
  public void close() {
    next = filler.batches;
  }
}
