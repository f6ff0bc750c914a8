package dev.fleetscale.contracts.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Copies;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record a consumer could not decode: topic {@code fleet.deadletter.v1}, key source topic. It
 * keeps the original bytes and headers so that the record can be replayed once the cause is fixed.
 *
 * @param sourceTopic topic the record came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key as UTF-8 text; null if it had none
 * @param reason human-readable reason, e.g. "$.gpus[0].temperature_c: must be a number"
 * @param value the original value bytes, base64 in JSON; null for a tombstone
 * @param headers the original headers in their order
 * @param failedAt when decoding failed
 * @param consumer the consumer that gave up, e.g. "optimizer-service/telemetry"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
    String sourceTopic,
    int partition,
    long offset,
    String key,
    String reason,
    byte[] value,
    List<OriginalHeader> headers,
    Instant failedAt,
    String consumer)
    implements FleetEvent {

  public DeadLetter {
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failedAt, "failedAt");
    Objects.requireNonNull(consumer, "consumer");
    value = value == null ? null : value.clone();
    headers = Copies.copyRequired(headers, "headers");
  }

  @Override
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  /** (sourceTopic, partition, offset, consumer): dead-lettering the same record twice is seen. */
  @Override
  public String eventId() {
    return EventIds.nameBased(sourceTopic, partition, offset, consumer).toString();
  }

  @Override
  public Instant eventTime() {
    return failedAt;
  }

  @Override
  public String partitionKey() {
    return sourceTopic;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter other
        && sourceTopic.equals(other.sourceTopic)
        && partition == other.partition
        && offset == other.offset
        && Objects.equals(key, other.key)
        && reason.equals(other.reason)
        && Arrays.equals(value, other.value)
        && headers.equals(other.headers)
        && failedAt.equals(other.failedAt)
        && consumer.equals(other.consumer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceTopic, partition, offset, key, reason, Arrays.hashCode(value),
        headers, failedAt, consumer);
  }

  @Override
  public String toString() {
    return "DeadLetter[sourceTopic=" + sourceTopic + ", partition=" + partition + ", offset="
        + offset + ", key=" + key + ", reason=" + reason + ", valueBytes="
        + (value == null ? "null" : value.length) + ", headers=" + headers + ", failedAt="
        + failedAt + ", consumer=" + consumer + "]";
  }
}
