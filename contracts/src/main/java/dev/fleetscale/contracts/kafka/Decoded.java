package dev.fleetscale.contracts.kafka;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.serde.EventType;

/**
 * What a consumed record turned out to be. Switch on it: an {@link Event} is processed, an {@link
 * Unknown} is skipped (a newer producer's event type; never fatal), an {@link Invalid} goes to the
 * dead-letter topic via {@link DeadLetters}.
 *
 * @param <T> the event type the caller expects
 */
public sealed interface Decoded<T extends FleetEvent>
    permits Decoded.Event, Decoded.Unknown, Decoded.Invalid {

  /** A valid event of a known type. */
  record Event<T extends FleetEvent>(EventType<T> type, T event) implements Decoded<T> {}

  /**
   * An event type this consumer does not know or does not want.
   *
   * @param ceType the record's {@code ce_type}
   */
  record Unknown<T extends FleetEvent>(String ceType) implements Decoded<T> {}

  /**
   * A record that claims a known type (or carries no usable CloudEvents headers) and cannot be
   * decoded.
   *
   * @param reason human-readable, e.g. "dev.fleetscale.telemetry.host-sample.v1: $.sequence: is
   *     missing but it is required"
   */
  record Invalid<T extends FleetEvent>(String reason) implements Decoded<T> {}
}
