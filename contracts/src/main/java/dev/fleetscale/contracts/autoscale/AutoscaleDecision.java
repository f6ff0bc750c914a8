package dev.fleetscale.contracts.autoscale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Copies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scaling decision for one pool: topic {@code fleet.autoscale.v1}, key pool. Published also when
 * desired equals current, so a consumer sees that the autoscaler is alive and why it held.
 *
 * @param decisionId deterministic id, e.g. {@code EventIds.nameBased(pool, decidedAt)}
 * @param pool the pool being scaled
 * @param decidedAt when the decision was made
 * @param mode reactive or predictive
 * @param currentReplicas replicas (or GPUs, as the pool counts them) at decision time: those
 *     online, the same count as {@code replicasReady}
 * @param desiredReplicas replicas the pool should have, after limits and stabilisation: the new
 *     request
 * @param metric the metric scaled on, a catalogue name such as "DCGM_FI_DEV_GPU_UTIL"
 * @param observedValue the metric's value the decision saw (pool average, in the metric's unit)
 * @param targetValue the metric's target (same unit)
 * @param inputs every number the decision used, by name (window averages, forecasts, ...)
 * @param reason one human-readable sentence
 * @param limitsApplied stabilisation windows, min/max bounds and rate limits that changed the
 *     result, e.g. "max_replicas=16"; empty if none
 * @param replicasRequested replicas already requested when the decision was made (the previous
 *     decision's desired count, or what the actuator reported it has asked for): the count the
 *     decision scales from, like Kubernetes' {@code spec.replicas}; above {@code replicasReady}
 *     while a scale-up is starting. Null (absent) in decisions of producers before it was added
 * @param replicasReady replicas online and reporting, that the observed value is averaged over;
 *     null (absent) in decisions of producers before it was added
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoscaleDecision(
    String decisionId,
    String pool,
    Instant decidedAt,
    ScalingMode mode,
    int currentReplicas,
    int desiredReplicas,
    String metric,
    double observedValue,
    double targetValue,
    Map<String, Double> inputs,
    String reason,
    List<String> limitsApplied,
    Integer replicasRequested,
    Integer replicasReady)
    implements FleetEvent {

  /** A decision without the requested and ready counts (as producers before them wrote it). */
  public AutoscaleDecision(String decisionId, String pool, Instant decidedAt, ScalingMode mode,
      int currentReplicas, int desiredReplicas, String metric, double observedValue,
      double targetValue, Map<String, Double> inputs, String reason, List<String> limitsApplied) {
    this(decisionId, pool, decidedAt, mode, currentReplicas, desiredReplicas, metric,
        observedValue, targetValue, inputs, reason, limitsApplied, null, null);
  }

  public AutoscaleDecision {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(reason, "reason");
    inputs = Map.copyOf(Objects.requireNonNull(inputs, "inputs"));
    limitsApplied = Copies.copyRequired(limitsApplied, "limitsApplied");
    if (replicasRequested != null && replicasRequested < 0) {
      throw new IllegalArgumentException(
          "replicasRequested must be >= 0, was " + replicasRequested);
    }
    if (replicasReady != null && replicasReady < 0) {
      throw new IllegalArgumentException("replicasReady must be >= 0, was " + replicasReady);
    }
  }

  @Override
  public String eventId() {
    return decisionId;
  }

  @Override
  public Instant eventTime() {
    return decidedAt;
  }

  @Override
  public String partitionKey() {
    return pool;
  }
}
