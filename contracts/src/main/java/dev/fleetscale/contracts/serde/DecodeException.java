package dev.fleetscale.contracts.serde;

/**
 * Bytes that are not a valid event: not JSON, or JSON that breaks the schema. Not retriable: the
 * same bytes fail the same way, so the record belongs in the dead-letter topic.
 */
public class DecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  public DecodeException(String reason) {
    super(reason);
  }

  public DecodeException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The human-readable reason, e.g. "$.gpus[0].temperature_c: string found, integer expected". */
  public String reason() {
    return getMessage();
  }
}
