package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.util.List;
import java.util.Optional;

/**
 * What one planning run found, whether or not it produced a plan worth publishing: every goal's
 * result and timing (also when the plan is empty, so a run that costs time for nothing shows
 * where), and the hard goals that cannot be met.
 *
 * @param plan the plan, or empty if no plan lowers the score by more than the threshold or a hard
 *     goal is infeasible
 * @param goals every goal in the order run (hard goals first), with its time and a note
 * @param infeasible hard goals that cannot be met, each with its shortfall; empty if none
 * @param scoreBefore the snapshot's score
 * @param scoreAfter the score after the run's moves (those of the plan, if any)
 */
public record PlanningRun(Optional<RebalancePlan> plan, List<GoalResult> goals,
    List<InfeasibleGoal> infeasible, double scoreBefore, double scoreAfter) {

  public PlanningRun {
    goals = List.copyOf(goals);
    infeasible = List.copyOf(infeasible);
  }

  /** Microseconds all goals took together. */
  public long totalMicros() {
    return goals.stream().mapToLong(GoalResult::durationMicros).sum();
  }
}
