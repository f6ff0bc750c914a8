package dev.fleetscale.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * Something Fleetscale publishes on Kafka. The three methods feed the record key and the
 * CloudEvents {@code ce_id} / {@code ce_time} headers; they are not part of the JSON value.
 */
public interface FleetEvent {

  /**
   * Deterministic id of this event ({@code ce_id}): publishing the same event twice, for example
   * after a crash and replay, gives the same id, so a consumer can recognise the duplicate.
   */
  @JsonIgnore
  String eventId();

  /** When the event happened ({@code ce_time}). */
  @JsonIgnore
  Instant eventTime();

  /** The Kafka record key; see {@link Topics} for what each topic is keyed by. */
  @JsonIgnore
  String partitionKey();
}
