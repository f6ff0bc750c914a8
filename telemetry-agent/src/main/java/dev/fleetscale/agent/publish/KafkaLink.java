package dev.fleetscale.agent.publish;

import java.time.Instant;

/**
 * What the publisher last learned about Kafka, for /health. Written by the publisher, read by the
 * HTTP thread: fields are volatile and each read is a consistent-enough snapshot for a health page.
 */
public final class KafkaLink {

  /** Connection state as the last send saw it. */
  public enum State {
    /** Nothing was sent yet. */
    UNKNOWN,
    /** The last send was acknowledged. */
    CONNECTED,
    /** The last send failed; samples wait in the spool. */
    DISCONNECTED
  }

  private volatile State state = State.UNKNOWN;
  private volatile String lastError;
  private volatile Instant since = Instant.now();

  void acknowledged() {
    if (state != State.CONNECTED) {
      state = State.CONNECTED;
      since = Instant.now();
      lastError = null;
    }
  }

  void failed(String error) {
    lastError = error;
    if (state != State.DISCONNECTED) {
      state = State.DISCONNECTED;
      since = Instant.now();
    }
  }

  public State state() {
    return state;
  }

  /** The last send error, or null while connected. */
  public String lastError() {
    return lastError;
  }

  /** When the state last changed. */
  public Instant since() {
    return since;
  }
}
