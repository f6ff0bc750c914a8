package dev.fleetscale.optimizer.rebalance;

/** Soft: each healthy host's mean GPU utilization within ±band points of the pool's. */
public final class GpuUtilizationSpreadGoal extends SpreadGoal {

  public GpuUtilizationSpreadGoal(double bandPercent, double weight) {
    super(bandPercent, weight);
  }

  @Override
  double load(PlanningState state, int host) {
    return state.utilizationPercent(host);
  }

  @Override
  double contribution(PlanningState state, int workload, int host) {
    int gpus = state.hosts[host].gpuCount();
    return gpus == 0 ? 0 : state.utilizationWeight[workload]
        * state.workloads[workload].gpuUtilizationPercent() / gpus;
  }

  @Override
  double mean(PlanningState state) {
    double sum = 0;
    double gpus = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      sum += state.utilizationSum[h];
      if (state.hosts[h].healthy()) {
        gpus += state.hosts[h].gpuCount();
      }
    }
    return gpus == 0 ? 0 : sum / gpus;
  }

  @Override
  String unit() {
    return "% GPU util";
  }
}
