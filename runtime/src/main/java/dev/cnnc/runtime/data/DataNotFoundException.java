package dev.cnnc.runtime.data;

import java.io.IOException;

/**
 * A data set or one of its files could not be found. The message names every place that was
 * searched and how to fix it (install a package, set {@code CNNC_DATA}, pass a folder).
 */
public class DataNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public DataNotFoundException(String message) {
    super(message);
  }
}
