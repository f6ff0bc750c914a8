package dev.fleetscale.optimizer.rebalance;

/**
 * Hard: the host memory workloads request ({@value PlacementLabels#MEMORY}) fits each host's.
 * Shortfall resource {@code HOST_MEMORY_BYTES} (not yet a capacity-demand resource).
 */
public final class HostMemoryGoal extends HostCapacityGoal {

  @Override
  double used(PlanningState state, int host) {
    return state.memoryUsed[host];
  }

  @Override
  double capacity(PlanningState state, int host) {
    return state.hosts[host].memoryBytes();
  }

  @Override
  double need(PlanningState state, int workload) {
    return state.memoryNeed[workload];
  }

  @Override
  String resource() {
    return "HOST_MEMORY_BYTES";
  }

  @Override
  String unit() {
    return "bytes of memory";
  }
}
