package dev.fleetscale.optimizer.rebalance;

/**
 * Every move costs: its violation is the number of workloads moved, so a move is only made when
 * it buys more than {@link #weight()} score points elsewhere. It proposes nothing and vetoes
 * nothing; its cost is felt through the plan's total score.
 */
public final class FewestMovesGoal implements Goal {

  private final double costPerMove;

  public FewestMovesGoal(double costPerMove) {
    this.costPerMove = costPerMove;
  }

  @Override
  public boolean hard() {
    return false;
  }

  @Override
  public double weight() {
    return costPerMove;
  }

  @Override
  public double violation(PlanningState state) {
    return state.positionalMoves();
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    boolean moved = state.isMoved(workload);
    if (!moved) {
      return destination == state.original[workload] ? 0 : 1;
    }
    return destination == state.original[workload] ? -1 : 0;
  }

  @Override
  public Acceptance acceptance(PlanningState state, int workload, int destination) {
    return Acceptance.ACCEPT;
  }

  @Override
  public void optimize(PlanningState state, MoveGate gate) {
    // Nothing to propose: fewer moves come from the score every other move must beat.
  }
}
