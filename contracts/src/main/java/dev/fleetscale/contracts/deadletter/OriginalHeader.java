package dev.fleetscale.contracts.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka header of the failed record, byte for byte. A list of these rather than a map,
 * because Kafka allows a header name to repeat and a dead letter must lose nothing.
 *
 * @param key header name
 * @param value header value, base64 in JSON; null if the header had no value
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OriginalHeader(String key, byte[] value) {

  public OriginalHeader {
    Objects.requireNonNull(key, "key");
    value = value == null ? null : value.clone();
  }

  @Override
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OriginalHeader other
        && key.equals(other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "OriginalHeader[key=" + key + ", bytes=" + (value == null ? "null" : value.length) + "]";
  }
}
