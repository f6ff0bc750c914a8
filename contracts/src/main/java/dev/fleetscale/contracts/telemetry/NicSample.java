package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One network interface over one interval. Rates are averages over the interval; the error and
 * drop fields are the kernel's cumulative counters (a consumer takes deltas). Null means not
 * measured.
 *
 * @param interfaceName interface name, e.g. "eth0" or "ib0"; JSON {@code interface}
 * @param kind link layer
 * @param rxBytesPerSecond received bytes per second
 * @param txBytesPerSecond transmitted bytes per second
 * @param rxPacketsPerSecond received packets per second
 * @param txPacketsPerSecond transmitted packets per second
 * @param rxErrors receive errors since boot (counter)
 * @param txErrors transmit errors since boot (counter)
 * @param rxDrops dropped received packets since boot (counter)
 * @param txDrops dropped transmitted packets since boot (counter)
 * @param linkSpeedMbps negotiated link speed, megabits per second
 * @param utilizationPercent max(rx, tx) bits per second over link speed, 0-100
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NicSample(
    @JsonProperty("interface") String interfaceName,
    NicKind kind,
    Double rxBytesPerSecond,
    Double txBytesPerSecond,
    Double rxPacketsPerSecond,
    Double txPacketsPerSecond,
    Long rxErrors,
    Long txErrors,
    Long rxDrops,
    Long txDrops,
    Long linkSpeedMbps,
    Double utilizationPercent) {

  public NicSample {
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(kind, "kind");
  }
}
