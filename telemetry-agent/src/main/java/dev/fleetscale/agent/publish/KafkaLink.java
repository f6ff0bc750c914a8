package dev.fleetscale.agent.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the publisher knows about Kafka, for /health. Written by the publisher, read by the HTTP
 * thread: fields are volatile and each read is a consistent-enough snapshot for a health page.
 *
 * <p>A send that fails only does so after the producer's delivery timeout (30 s by default), so
 * the outcome of the last send alone reports a broker outage late. The link also knows the send
 * in flight: once Kafka has left it unacknowledged for longer than the stall threshold (a healthy
 * broker answers in milliseconds), the state is {@link State#STALLED} at once.
 */
public final class KafkaLink {

  /** How long a send may stay unacknowledged before the link counts as stalled. */
  public static final Duration STALL_AFTER = Duration.ofSeconds(5);

  /** Connection state. */
  public enum State {
    /** Nothing was sent yet. */
    UNKNOWN,
    /** The last send was acknowledged, and the one in flight (if any) is not overdue. */
    CONNECTED,
    /** A send has waited for Kafka longer than the stall threshold; samples wait in the spool. */
    STALLED,
    /** The last send failed; samples wait in the spool. */
    DISCONNECTED,
    /**
     * Kafka refused the agent: its credentials (SASL, TLS) or its ACLs. Retrying alone will not
     * fix it, an operator must; samples wait in the spool and go once the send succeeds.
     */
    REFUSED
  }

  /** The send Kafka has not answered yet. */
  private record InFlight(long sequence, long startedNanos, Instant startedAt) {}

  private final Duration stallAfter;
  private final LongSupplier nanoTime;
  private volatile State outcome = State.UNKNOWN;
  private volatile String lastError;
  private volatile Instant since = Instant.now();
  private volatile InFlight inFlight;

  public KafkaLink() {
    this(STALL_AFTER, System::nanoTime);
  }

  /**
   * @param stallAfter how long a send may stay unacknowledged before the link is {@link
   *     State#STALLED}
   * @param nanoTime monotonic clock, nanoseconds ({@code System::nanoTime}; tests pass their own)
   */
  KafkaLink(Duration stallAfter, LongSupplier nanoTime) {
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("stallAfter must be positive, was " + stallAfter);
    }
    this.stallAfter = stallAfter;
    this.nanoTime = nanoTime;
  }

  /** A send of {@code sequence} has started. */
  void sending(long sequence) {
    inFlight = new InFlight(sequence, nanoTime.getAsLong(), Instant.now());
  }

  void acknowledged() {
    inFlight = null;
    if (outcome != State.CONNECTED) {
      outcome = State.CONNECTED;
      since = Instant.now();
      lastError = null;
    }
  }

  void failed(String error) {
    failed(error, State.DISCONNECTED);
  }

  /** The last send was refused by Kafka's authentication or authorization. */
  void refused(String error) {
    failed(error, State.REFUSED);
  }

  private void failed(String error, State state) {
    inFlight = null;
    lastError = error;
    if (outcome != state) {
      outcome = state;
      since = Instant.now();
    }
  }

  /**
   * {@link State#STALLED} while the send in flight is overdue (unless the last send already
   * failed: then DISCONNECTED says more), otherwise the outcome of the last send.
   */
  public State state() {
    State last = outcome;
    return !failedLast(last) && overdue(inFlight) ? State.STALLED : last;
  }

  /** The last send error, or null while connected. */
  public String lastError() {
    return lastError;
  }

  /** When the state last changed (for STALLED: when the overdue send started). */
  public Instant since() {
    InFlight current = inFlight;
    return !failedLast(outcome) && overdue(current) ? current.startedAt() : since;
  }

  /** How long the send in flight has waited for Kafka; empty when none is in flight. */
  public Optional<Duration> inFlightFor() {
    InFlight current = inFlight;
    return current == null ? Optional.empty() : Optional.of(age(current));
  }

  /** The sequence of the sample in flight, or -1 when none is. */
  public long inFlightSequence() {
    InFlight current = inFlight;
    return current == null ? -1 : current.sequence();
  }

  public Duration stallAfter() {
    return stallAfter;
  }

  private static boolean failedLast(State state) {
    return state == State.DISCONNECTED || state == State.REFUSED;
  }

  private boolean overdue(InFlight current) {
    return current != null && age(current).compareTo(stallAfter) > 0;
  }

  private Duration age(InFlight current) {
    return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - current.startedNanos()));
  }
}
