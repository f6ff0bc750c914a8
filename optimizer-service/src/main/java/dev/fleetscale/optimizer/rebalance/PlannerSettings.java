package dev.fleetscale.optimizer.rebalance;

/**
 * Limits of one planning run.
 *
 * @param minImprovement a plan is published only if it lowers the score by more than this
 * @param maxMovesPerPlan workloads a plan may move (hard goals' moves are exempt)
 * @param maxMovesPerHost moves a plan may make into or out of one host (hard goals exempt)
 */
public record PlannerSettings(double minImprovement, int maxMovesPerPlan, int maxMovesPerHost) {

  public PlannerSettings {
    if (minImprovement < 0 || maxMovesPerPlan < 0 || maxMovesPerHost < 0) {
      throw new IllegalArgumentException("planner limits must be >= 0");
    }
  }
}
