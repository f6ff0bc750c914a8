package dev.fleetscale.optimizer.rebalance;

/**
 * Hard: the CPU cores workloads request ({@value PlacementLabels#CPU}) fit each host's cores.
 * Shortfall resource {@code CPU_CORES} (not yet a capacity-demand resource: see docs/optimizer.md).
 */
public final class HostCpuGoal extends HostCapacityGoal {

  @Override
  double used(PlanningState state, int host) {
    return state.cpuUsed[host];
  }

  @Override
  double capacity(PlanningState state, int host) {
    return state.hosts[host].cpuCores();
  }

  @Override
  double need(PlanningState state, int workload) {
    return state.cpuNeed[workload];
  }

  @Override
  String resource() {
    return "CPU_CORES";
  }

  @Override
  String unit() {
    return "CPU cores";
  }
}
