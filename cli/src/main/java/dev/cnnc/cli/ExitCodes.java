package dev.cnnc.cli;

/** The exit codes of every cnnc command (documented in docs/cli.md and `cnnc --help`). */
public final class ExitCodes {
  public static final int OK = 0;
  /** The input has errors; diagnostics were printed. */
  public static final int INPUT_ERRORS = 1;
  /** Bad flags or arguments. */
  public static final int USAGE = 2;
  /** A file could not be read or written. */
  public static final int IO = 3;
  /** Training stopped because the loss diverged (NaN/infinite). */
  public static final int DIVERGED = 4;
  /** Interrupted (Ctrl-C); state was saved. */
  public static final int INTERRUPTED = 130;
  /** A bug in cnnc; the stack trace is printed with --debug. */
  public static final int INTERNAL = 70;

  private ExitCodes() {}
}
