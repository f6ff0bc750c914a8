package dev.fleetscale.contracts.rebalance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * How one goal fared in a planning run.
 *
 * @param goal goal name, e.g. "GpuCapacityGoal"
 * @param hard hard goals must hold; soft goals are optimised in priority order
 * @param satisfied whether the goal holds in the plan's final state
 * @param durationMicros time the goal took, microseconds
 * @param note optional detail; null if none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GoalResult(
    String goal, boolean hard, boolean satisfied, long durationMicros, String note) {
  public GoalResult {
    Objects.requireNonNull(goal, "goal");
  }
}
