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
   * A goal's answer to a move another goal proposes, as Cruise Control's {@code ActionAcceptance}.
   */
  enum Acceptance {
    /** The move may be made. */
    ACCEPT,
    /** Not this move; other workloads may still go to that destination. */
    REJECT_MOVE,
    /**
     * No workload at all can go to that destination until one leaves it (it is full): the gate
     * then refuses every proposal for it without asking any goal.
     */
    REJECT_DESTINATION
  }

  /**
   * Whether a later goal may make this move: by default, only if it does not make this goal
   * worse.
   */
  default Acceptance acceptance(PlanningState state, int workload, int destination) {
    return delta(state, workload, destination) <= MoveGate.EPSILON ? Acceptance.ACCEPT
        : Acceptance.REJECT_MOVE;
  }

  default boolean accepts(PlanningState state, int workload, int destination) {
    return acceptance(state, workload, destination) == Acceptance.ACCEPT;
  }

  /**
   * Proposes moves until the goal is met or no accepted move helps.
   *
   * @throws InfeasibleGoalException if the goal is hard and cannot be met; carries what is short
   */
  void optimize(PlanningState state, MoveGate gate) throws InfeasibleGoalException;
}
