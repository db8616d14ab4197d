package dev.cnnc.runtime.data;

import java.util.List;

/**
 * What {@link DataSets#open} found: train and test splits (both normalised with the train split's
 * per-channel mean and std), the class names, and a one-line description of where the data came
 * from — which says so when the committed Fashion-MNIST sample stands in for the full set.
 */
public final class DataSplits {
  private final Dataset train;
  private final Dataset test;
  private final String description;
  private final boolean sample;

  DataSplits(Dataset train, Dataset test, String description, boolean sample) {
    this.train = train;
    this.test = test;
    this.description = description;
    this.sample = sample;
  }

  public Dataset train() {
    return train;
  }

  /** The test split; empty (size 0) for an image folder without a {@code test/} sub-folder. */
  public Dataset test() {
    return test;
  }

  public List<String> classNames() {
    return train.classNames();
  }

  public Normalization normalization() {
    return train.normalization();
  }

  /** E.g. "Fashion-MNIST from /usr/share/datasets/fashion-mnist (60000 train, 10000 test)". */
  public String description() {
    return description;
  }

  /** True when a reduced sample stands in for the full data set (see {@link #description()}). */
  public boolean isSample() {
    return sample;
  }

  /** The same splits normalised with given statistics instead of the train split's. */
  public DataSplits withNormalization(Normalization n) {
    return new DataSplits(train.withNormalization(n), test.withNormalization(n), description, sample);
  }

  @Override
  public String toString() {
    return description;
  }
}
