package dev.cnnc.runtime.checkpoint;

import java.io.IOException;

/**
 * A checkpoint file is malformed (the message names the file, the tensor and the byte offset) or
 * does not match the model it is loaded into (it lists every missing, unexpected and mis-shaped
 * parameter).
 */
public class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
