package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hard: the host resource that workloads request (CPU cores, memory) stays within the host's
 * capacity. Hosts whose capacity is unknown (0) are not checked. Violation: the excess summed
 * over hosts, in the resource's unit.
 */
abstract class HostCapacityGoal extends HardGoal {

  /** Requested on the host now. */
  abstract double used(PlanningState state, int host);

  /** What the host offers; 0 if unknown. */
  abstract double capacity(PlanningState state, int host);

  /** What the workload requests. */
  abstract double need(PlanningState state, int workload);

  /** The shortfall's resource name and its unit for reasons. */
  abstract String resource();

  abstract String unit();

  private double excess(PlanningState state, int host, double change) {
    double capacity = capacity(state, host);
    return capacity <= 0 ? 0 : Math.max(0, used(state, host) + change - capacity);
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
    int from = state.hostOf[workload];
    double need = need(state, workload);
    if (from == destination || need == 0) {
      return 0;
    }
    return excess(state, from, -need) - excess(state, from, 0)
        + excess(state, destination, need) - excess(state, destination, 0);
  }

  @Override
  List<Integer> offenders(PlanningState state) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < state.workloads.length; w++) {
      if (breaks(state, w)) {
        out.add(w);
      }
    }
    // Largest request first: the fewest moves bring a host back within its capacity.
    out.sort((a, b) -> Double.compare(need(state, b), need(state, a)));
    return out;
  }

  @Override
  boolean breaks(PlanningState state, int workload) {
    return need(state, workload) > 0 && excess(state, state.hostOf[workload], 0) > 0;
  }

  @Override
  String reason(PlanningState state, int workload) {
    int h = state.hostOf[workload];
    return String.format(Locale.ROOT, "host %s has %s %s requested of %s", state.hosts[h].id(),
        amount(used(state, h)), unit(), amount(capacity(state, h)));
  }

  private static String amount(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    double excess = violation(state);
    return new InfeasibleGoal(name(), String.format(Locale.ROOT,
        "%d workloads fit on no host with %s to spare; the pool is short of %s %s",
        unplaced.size(), unit(), amount(excess), unit()), resource(), excess);
  }
}
