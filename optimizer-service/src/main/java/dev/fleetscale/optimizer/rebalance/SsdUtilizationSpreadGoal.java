package dev.fleetscale.optimizer.rebalance;

/** Soft: each healthy host's SSD utilization (busy time) within ±band points of the pool's. */
public final class SsdUtilizationSpreadGoal extends SpreadGoal {

  public SsdUtilizationSpreadGoal(double bandPercent, double weight) {
    super(bandPercent, weight);
  }

  @Override
  double load(PlanningState state, int host) {
    return state.ssdPercent[host];
  }

  @Override
  double contribution(PlanningState state, int workload, int host) {
    return state.workloads[workload].ssdPercent();
  }

  @Override
  double mean(PlanningState state) {
    return NicUtilizationSpreadGoal.healthyMean(state, state.ssdPercent);
  }

  @Override
  String unit() {
    return "% SSD";
  }
}
