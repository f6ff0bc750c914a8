package dev.fleetscale.contracts.actuator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.FleetEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * What an actuator (the system that applies {@code fleet.autoscale.v1}: a cluster autoscaler,
 * a provisioning system, the fleet simulator) reports about one pool: topic {@code
 * fleet.pool-state.v1}, key pool. The autoscaler scales from the replicas requested, like
 * Kubernetes' {@code spec.replicas}; this report is how it learns what the actuator has really
 * asked for (fewer when it ran out of spare hosts) and what is ready. Published when the state
 * changes and periodically, so that a consumer that starts late learns it.
 *
 * @param reportId deterministic id: {@link #idOf} of actuator, pool and time
 * @param pool the pool
 * @param actuator who reports, e.g. "fleet-simulator"
 * @param reportedAt when the pool was in this state
 * @param replicasRequested replicas the actuator has asked for: ready plus those starting
 * @param replicasReady replicas serving
 * @param replicasStarting replicas asked for and not serving yet; null when unknown
 * @param replicasDraining replicas being removed, still serving until they have left; null when
 *     unknown
 * @param spareHosts hosts the actuator could still add to the pool; null when unknown
 * @param lastDecisionId the last autoscale decision the actuator applied; null before the first
 * @param lastDecidedAt that decision's {@code decided_at}: the report reflects every decision up
 *     to it. Null before the first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolState(
    String reportId,
    String pool,
    String actuator,
    Instant reportedAt,
    int replicasRequested,
    int replicasReady,
    Integer replicasStarting,
    Integer replicasDraining,
    Integer spareHosts,
    String lastDecisionId,
    Instant lastDecidedAt)
    implements FleetEvent {

  public PoolState {
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(actuator, "actuator");
    Objects.requireNonNull(reportedAt, "reportedAt");
    nonNegative("replicasRequested", replicasRequested);
    nonNegative("replicasReady", replicasReady);
    nonNegative("replicasStarting", replicasStarting);
    nonNegative("replicasDraining", replicasDraining);
    nonNegative("spareHosts", spareHosts);
    if ((lastDecisionId == null) != (lastDecidedAt == null)) {
      throw new IllegalArgumentException(
          "lastDecisionId and lastDecidedAt must be given together, were " + lastDecisionId
              + " and " + lastDecidedAt);
    }
  }

  /** The deterministic report id of (actuator, pool, reportedAt). */
  public static String idOf(String actuator, String pool, Instant reportedAt) {
    return EventIds.nameBased("pool-state", actuator, pool, reportedAt).toString();
  }

  private static void nonNegative(String name, Integer value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
  }

  @Override
  public String eventId() {
    return reportId;
  }

  @Override
  public Instant eventTime() {
    return reportedAt;
  }

  @Override
  public String partitionKey() {
    return pool;
  }
}
