package dev.cnnc.runtime.train;

/**
 * A training setting has a bad value. The message names the key, the value and the accepted forms,
 * e.g. {@code optimizer: unknown optimizer 'adan' in "adan(lr=0.1)"; expected sgd(…), adam(…), …}.
 * The CLI maps it to exit code 2 (usage error).
 */
public final class TrainConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;

  public TrainConfigException(String key, String value, String problem, String allowed) {
    super(key + " = " + value + ": " + problem + (allowed == null || allowed.isEmpty() ? "" : "; expected " + allowed));
    this.key = key;
    this.value = value;
  }

  /** The setting's name ({@code optimizer}, {@code batch}, …). */
  public String key() {
    return key;
  }

  /** The rejected value as given. */
  public String value() {
    return value;
  }
}
