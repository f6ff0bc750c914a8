package dev.fleetscale.contracts.rebalance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Copies;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rebalance plan for one pool: topic {@code fleet.rebalance.v1}, key pool.
 *
 * @param planId deterministic id of the plan
 * @param pool the pool planned
 * @param plannedAt when planning finished
 * @param moves moves in the order they should run (may be empty)
 * @param scoreBefore the fleet's imbalance score before the moves; lower is better
 * @param scoreAfter the score after the moves; never above scoreBefore
 * @param goals every goal, in priority order, with its timing
 * @param infeasibleHardGoals hard goals that cannot be met (empty if none)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RebalancePlan(
    String planId,
    String pool,
    Instant plannedAt,
    List<Move> moves,
    double scoreBefore,
    double scoreAfter,
    List<GoalResult> goals,
    List<InfeasibleGoal> infeasibleHardGoals)
    implements FleetEvent {

  public RebalancePlan {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(plannedAt, "plannedAt");
    moves = Copies.copyRequired(moves, "moves");
    goals = Copies.copyRequired(goals, "goals");
    infeasibleHardGoals = Copies.copyRequired(infeasibleHardGoals, "infeasibleHardGoals");
  }

  @Override
  public String eventId() {
    return planId;
  }

  @Override
  public Instant eventTime() {
    return plannedAt;
  }

  @Override
  public String partitionKey() {
    return pool;
  }
}
