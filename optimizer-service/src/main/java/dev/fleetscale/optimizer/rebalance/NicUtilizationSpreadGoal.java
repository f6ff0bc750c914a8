package dev.fleetscale.optimizer.rebalance;

/** Soft: each healthy host's NIC utilization within ±band points of the pool's mean. */
public final class NicUtilizationSpreadGoal extends SpreadGoal {

  public NicUtilizationSpreadGoal(double bandPercent, double weight) {
    super(bandPercent, weight);
  }

  @Override
  double load(PlanningState state, int host) {
    return state.nicPercent[host];
  }

  @Override
  double contribution(PlanningState state, int workload, int host) {
    return state.workloads[workload].nicPercent();
  }

  @Override
  double mean(PlanningState state) {
    return healthyMean(state, state.nicPercent);
  }

  static double healthyMean(PlanningState state, double[] load) {
    double sum = 0;
    int n = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      if (state.hosts[h].healthy()) {
        sum += load[h];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  @Override
  String unit() {
    return "% NIC";
  }
}
