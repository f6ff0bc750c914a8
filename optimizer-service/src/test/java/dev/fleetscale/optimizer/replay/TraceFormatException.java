package dev.fleetscale.optimizer.replay;

/** A demand trace that cannot be read; the message names the file, line, column and rule. */
public final class TraceFormatException extends IllegalArgumentException {

  public TraceFormatException(String message) {
    super(message);
  }

  public TraceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
