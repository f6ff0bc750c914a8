package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where goals propose moves. A move is made only if it stays within the move budgets, every hard
 * goal and every goal optimized before the proposing one accept it (the veto), and it lowers the
 * plan's total score: so the score can only fall, whatever the goals do. Moves a hard goal needs
 * are exempt from the budgets, because a plan that leaves a workload on a dead host is no plan.
 */
public final class MoveGate {

  static final double EPSILON = 1e-9;

  private final PlanningState state;
  private final List<Goal> allGoals;
  private final List<Goal> vetoing = new ArrayList<>();
  private final int maxMovesPerPlan;
  private final int maxMovesPerHost;
  private Goal proposer;
  private long vetoes;

  MoveGate(PlanningState state, List<Goal> allGoals, int maxMovesPerPlan, int maxMovesPerHost) {
    this.state = state;
    this.allGoals = allGoals;
    this.maxMovesPerPlan = maxMovesPerPlan;
    this.maxMovesPerHost = maxMovesPerHost;
    for (Goal g : allGoals) {
      if (g.hard()) {
        vetoing.add(g);
      }
    }
  }

  /** The goal about to optimize; the goals before it become vetoing once it is done. */
  void startGoal(Goal goal) {
    proposer = goal;
  }

  void finishGoal(Goal goal) {
    if (!goal.hard()) {
      vetoing.add(goal);
    }
  }

  long vetoes() {
    return vetoes;
  }

  /** Whether soft goals can still move anything at all. */
  public boolean budgetLeft() {
    return state.moveCount() < maxMovesPerPlan;
  }

  /**
   * Tries to move a workload; returns whether it moved.
   *
   * @param reason why, for the plan's reader (the goal's name is prefixed); asked for only when
   *     the move is made: most candidates are refused, and formatting a reason for each of them
   *     was most of an empty plan's time and garbage
   */
  public boolean tryMove(int workload, int destination, Supplier<String> reason) {
    int from = state.hostOf[workload];
    if (from == destination) {
      return false;
    }
    if (!proposer.hard()) {
      boolean newMove = !state.isMoved(workload);
      if (newMove && state.moveCount() >= maxMovesPerPlan) {
        return false;
      }
      int home = state.original[workload];
      boolean homeTouched = newMove && state.touches[home] >= maxMovesPerHost;
      boolean destinationTouched = destination != home && state.touches[destination]
          >= maxMovesPerHost;
      if (homeTouched || destinationTouched) {
        return false;
      }
    }
    if (proposer.delta(state, workload, destination) >= -EPSILON) {
      return false;
    }
    for (Goal g : vetoing) {
      if (g != proposer && !g.accepts(state, workload, destination)) {
        vetoes++;
        return false;
      }
    }
    double total = 0;
    for (Goal g : allGoals) {
      total += g.weight() * g.delta(state, workload, destination);
    }
    if (total >= -EPSILON) {
      return false;
    }
    state.apply(workload, destination, proposer.name() + ": " + reason.get());
    return true;
  }
}
