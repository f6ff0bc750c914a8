package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared shape of the hard goals: find the workloads that break the goal, move each to the least
 * utilized host that every hard goal accepts, and report what is short for those that fit
 * nowhere.
 */
abstract class HardGoal implements Goal {

  /** Score points per unit of violation: far above anything a soft goal can gain. */
  static final double HARD_WEIGHT = 1000;

  @Override
  public final boolean hard() {
    return true;
  }

  @Override
  public double weight() {
    return HARD_WEIGHT;
  }

  /** Workloads breaking the goal now, in the order to fix them. */
  abstract List<Integer> offenders(PlanningState state);

  /** Why the workload has to move, for the plan. */
  abstract String reason(PlanningState state, int workload);

  /** What is short when the workloads left cannot be placed anywhere. */
  abstract InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced);

  @Override
  public void optimize(PlanningState state, MoveGate gate) throws InfeasibleGoalException {
    List<Integer> unplaced = new ArrayList<>();
    Integer[] byUtilization = state.hostsSortedBy(state::utilizationPercent);
    for (int w : offenders(state)) {
      if (!breaks(state, w)) {
        continue; // fixed by an earlier move
      }
      long budgetRefusals = gate.budgetRefusals();
      boolean placed = false;
      for (int destination : byUtilization) {
        if (gate.tryMove(w, destination, () -> reason(state, w))) {
          placed = true;
          break;
        }
      }
      if (!placed && gate.budgetRefusals() > budgetRefusals) {
        gate.defer(); // a budget stopped it, not capacity: the next plan goes on
      } else if (!placed) {
        unplaced.add(w);
      }
    }
    if (!unplaced.isEmpty()) {
      throw InfeasibleGoalException.of(shortfall(state, unplaced));
    }
  }

  /** Whether the workload still breaks the goal where it is now. */
  abstract boolean breaks(PlanningState state, int workload);

  static double gpusOf(PlanningState state, List<Integer> workloads) {
    return workloads.stream().mapToDouble(w -> state.gpuShare[w]).sum();
  }
}
