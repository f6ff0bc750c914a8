package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;

/** Hard: no host holds more GPUs than it has. */
public final class GpuCountGoal extends HardGoal {

  private static int excess(PlanningState state, int host, int change) {
    return Math.max(0, state.gpusUsed[host] + change - state.hosts[host].gpuCount());
  }

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      sum += excess(state, h, 0);
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    int gpus = state.workloads[workload].gpus();
    int from = state.hostOf[workload];
    return excess(state, from, -gpus) - excess(state, from, 0)
        + excess(state, destination, gpus) - excess(state, destination, 0);
  }

  @Override
  List<Integer> offenders(PlanningState state) {
    List<Integer> out = new ArrayList<>();
    for (int h = 0; h < state.hostCount(); h++) {
      if (excess(state, h, 0) > 0) {
        List<Integer> here = new ArrayList<>(state.workloadsOn.get(h));
        here.sort((a, b) -> Integer.compare(state.workloads[a].gpus(), state.workloads[b].gpus()));
        out.addAll(here);
      }
    }
    return out;
  }

  @Override
  boolean breaks(PlanningState state, int workload) {
    return excess(state, state.hostOf[workload], 0) > 0;
  }

  @Override
  String reason(PlanningState state, int workload) {
    int h = state.hostOf[workload];
    return "host " + state.hosts[h].id() + " holds " + state.gpusUsed[h] + " GPUs but has "
        + state.hosts[h].gpuCount();
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    double excess = violation(state);
    return new InfeasibleGoal(name(), "the pool is oversubscribed by " + (long) excess + " GPUs",
        CapacityResource.GPU_COUNT.name(), excess);
  }
}
