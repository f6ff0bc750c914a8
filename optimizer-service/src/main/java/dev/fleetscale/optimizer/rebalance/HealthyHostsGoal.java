package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;

/** Hard: nothing runs on an unhealthy host (a lost GPU, uncorrectable ECC errors, failed remap). */
public final class HealthyHostsGoal extends HardGoal {

  @Override
  public double violation(PlanningState state) {
    double gpus = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      if (!state.hosts[h].healthy()) {
        gpus += state.gpuDemand[h];
      }
    }
    return gpus;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    double gpus = state.gpuShare[workload];
    int from = state.hostOf[workload];
    return (state.hosts[destination].healthy() ? 0 : gpus) - (state.hosts[from].healthy() ? 0
        : gpus);
  }

  @Override
  List<Integer> offenders(PlanningState state) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < state.workloads.length; w++) {
      if (breaks(state, w)) {
        out.add(w);
      }
    }
    // Largest first: they are the hardest to place.
    out.sort((a, b) -> Double.compare(state.gpuShare[b], state.gpuShare[a]));
    return out;
  }

  @Override
  boolean breaks(PlanningState state, int workload) {
    return !state.hosts[state.hostOf[workload]].healthy();
  }

  @Override
  String reason(PlanningState state, int workload) {
    return "host " + state.hosts[state.hostOf[workload]].id() + " is unhealthy";
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    double gpus = gpusOf(state, unplaced);
    return new InfeasibleGoal(name(), unplaced.size() + " workloads on unhealthy hosts fit on no "
        + "healthy host", CapacityResource.GPU_COUNT.name(), gpus);
  }
}
