package dev.cnnc.cli;

/** A problem with what the user asked for that flags alone cannot express (exit code 2). */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
