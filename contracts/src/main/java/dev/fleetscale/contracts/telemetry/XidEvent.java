package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;

/**
 * An Xid error the driver reported during the interval (nvmlEventTypeXidCriticalError).
 *
 * @param xid the Xid code, for example 79 (GPU has fallen off the bus)
 * @param timestamp when the agent received the event
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record XidEvent(long xid, Instant timestamp) {
  public XidEvent {
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
