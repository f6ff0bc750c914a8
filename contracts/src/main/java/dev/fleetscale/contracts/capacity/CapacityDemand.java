package dev.fleetscale.contracts.capacity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.FleetEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A forecast shortfall of one resource in one pool: topic {@code fleet.capacity-demand.v1}, key
 * pool. Every amount is in the unit the resource's name gives.
 *
 * @param demandId deterministic id
 * @param pool the pool short of capacity
 * @param resource which resource, and so which unit
 * @param forecastPeak the forecast peak demand within the horizon
 * @param predictionLow lower bound of the prediction interval at the peak; null if the model has
 *     none
 * @param predictionHigh upper bound of the prediction interval; null if the model has none
 * @param capacity installed capacity today
 * @param targetUtilization fraction of capacity the pool may run at, 0-1
 * @param shortfall forecastPeak / targetUtilization - capacity, above zero
 * @param neededBy the date by which the capacity must be in service
 * @param raisedAt when the forecast ran
 * @param evidence what the forecast rests on
 * @param supersedes the demandId this one replaces; null if none
 * @param unitRequirements what each unit bought must be (memory, compute, interconnect, models)
 *     and where each came from; null if none known (added in place, optional)
 * @param origin what raised the demand: absent or {@code "forecast"} for the optimizer's
 *     forecast, {@code "model-plan:<plan id>"} for a model plan (added in place, optional)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityDemand(
    String demandId,
    String pool,
    CapacityResource resource,
    double forecastPeak,
    Double predictionLow,
    Double predictionHigh,
    double capacity,
    double targetUtilization,
    double shortfall,
    LocalDate neededBy,
    Instant raisedAt,
    Evidence evidence,
    String supersedes,
    UnitRequirements unitRequirements,
    String origin)
    implements FleetEvent {

  /** The origin of demands raised by a model plan, followed by the plan id. */
  public static final String PLAN_ORIGIN_PREFIX = "model-plan:";

  /** A demand without per-unit requirements, raised by the forecast (the fields before 2026-12). */
  public CapacityDemand(String demandId, String pool, CapacityResource resource,
      double forecastPeak, Double predictionLow, Double predictionHigh, double capacity,
      double targetUtilization, double shortfall, LocalDate neededBy, Instant raisedAt,
      Evidence evidence, String supersedes) {
    this(demandId, pool, resource, forecastPeak, predictionLow, predictionHigh, capacity,
        targetUtilization, shortfall, neededBy, raisedAt, evidence, supersedes, null, null);
  }

  @JsonCreator
  public CapacityDemand {
    Objects.requireNonNull(demandId, "demandId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(neededBy, "neededBy");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The same demand, replacing {@code previousId}. */
  public CapacityDemand withSupersedes(String previousId) {
    return new CapacityDemand(demandId, pool, resource, forecastPeak, predictionLow,
        predictionHigh, capacity, targetUtilization, shortfall, neededBy, raisedAt, evidence,
        previousId, unitRequirements, origin);
  }

  /** The same demand with these per-unit requirements. */
  public CapacityDemand withUnitRequirements(UnitRequirements requirements) {
    return new CapacityDemand(demandId, pool, resource, forecastPeak, predictionLow,
        predictionHigh, capacity, targetUtilization, shortfall, neededBy, raisedAt, evidence,
        supersedes, requirements, origin);
  }

  @Override
  public String eventId() {
    return demandId;
  }

  @Override
  public Instant eventTime() {
    return raisedAt;
  }

  @Override
  public String partitionKey() {
    return pool;
  }
}
