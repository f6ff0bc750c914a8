package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.List;

/**
 * Hard goals that no sequence of moves can meet. Each {@link InfeasibleGoal} says which resource
 * is short and by how much: that is the evidence of a capacity shortfall.
 */
public final class InfeasibleGoalException extends Exception {

  private final List<InfeasibleGoal> infeasible;
  private final List<GoalResult> goals;

  public InfeasibleGoalException(List<InfeasibleGoal> infeasible, List<GoalResult> goals) {
    super(describe(infeasible));
    this.infeasible = List.copyOf(infeasible);
    this.goals = List.copyOf(goals);
  }

  /** Thrown by one goal; the planner collects them. */
  static InfeasibleGoalException of(InfeasibleGoal goal) {
    return new InfeasibleGoalException(List.of(goal), List.of());
  }

  public List<InfeasibleGoal> infeasible() {
    return infeasible;
  }

  /** Every goal's result in the partial run, with timings. */
  public List<GoalResult> goals() {
    return goals;
  }

  private static String describe(List<InfeasibleGoal> goals) {
    StringBuilder s = new StringBuilder("infeasible hard goals:");
    for (InfeasibleGoal g : goals) {
      s.append(' ').append(g.goal()).append(" (").append(g.reason()).append("; short ")
          .append(g.amount()).append(' ').append(g.missingResource()).append(')');
    }
    return s.toString();
  }
}
