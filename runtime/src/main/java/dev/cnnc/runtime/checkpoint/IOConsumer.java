package dev.cnnc.runtime.checkpoint;

import java.io.IOException;

/** A consumer that may throw {@link IOException}, e.g. the body writing a file. */
@FunctionalInterface
public interface IOConsumer<T> {
  void accept(T t) throws IOException;
}
