package dev.fleetscale.optimizer.rebalance;

/**
 * One planning goal, as in Cruise Control's analyzer: goals run in priority order on the same
 * state; a goal proposes moves through a {@link MoveGate}, and every goal that ran before it (and
 * every hard goal) may veto a move through {@link #accepts}. Implementations are stateless, so one
 * instance can serve many planning runs, also concurrently.
 */
public interface Goal {

  /** Short name, published with the plan (the simple class name by default). */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Hard goals must hold; a hard goal that cannot be met makes the plan infeasible. */
  boolean hard();

  /** Score points per unit of {@link #violation}; the plan's score is the weighted sum. */
  double weight();

  /** How far the state is from satisfying the goal, >= 0; 0 means satisfied. */
  double violation(PlanningState state);

  /** Change of {@link #violation} if {@code workload} moved to {@code destination}. */
  double delta(PlanningState state, int workload, int destination);

  /**
   * Whether a later goal may make this move: by default, only if it does not make this goal
   * worse.
   */
  default boolean accepts(PlanningState state, int workload, int destination) {
    return delta(state, workload, destination) <= MoveGate.EPSILON;
  }

  /**
   * Proposes moves until the goal is met or no accepted move helps.
   *
   * @throws InfeasibleGoalException if the goal is hard and cannot be met; carries what is short
   */
  void optimize(PlanningState state, MoveGate gate) throws InfeasibleGoalException;
}
