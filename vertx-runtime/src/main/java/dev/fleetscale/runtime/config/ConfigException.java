package dev.fleetscale.runtime.config;

/**
 * Configuration that cannot be used. The message always names the offending key, so that an
 * operator reading one log line knows what to fix.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A key whose value breaks a rule, e.g. {@code invalid("sample.intervalMs", "must be > 0", -5)}. */
  public static ConfigException invalid(String key, String rule, Object actual) {
    return new ConfigException(key + ": " + rule + ", was " + actual);
  }
}
