package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Soft: free whole hosts, as Karpenter's consolidation does, so that scale-down, maintenance and
 * the cost view get empty machines. Violation: healthy hosts running anything. A host is emptied
 * only as a whole (all its workloads move in one group or none does), and only if what freeing it
 * is worth ({@link #weight()}, e.g. its cost per planning period in score points) beats the cost
 * of its moves ({@link FewestMovesGoal}) and whatever the other goals lose: that is the savings
 * threshold. Hosts are tried emptiest first, each workload to the fullest host that accepts it
 * (best fit). Hosts running a {@link Qos#GUARANTEED} workload are not emptied to save money.
 */
public final class ConsolidationGoal implements Goal {

  /** Destinations tried per workload. */
  private static final int CANDIDATES_PER_WORKLOAD = 256;
  /**
   * Failed attempts in a row after which the goal stops: hosts are tried emptiest first, so the
   * rest are fuller still and a fleet this tight has little left to free.
   */
  private static final int MAX_FAILED_IN_A_ROW = 256;

  private final double pointsPerHost;

  /** @param pointsPerHost score points one freed host is worth */
  public ConsolidationGoal(double pointsPerHost) {
    if (pointsPerHost < 0) {
      throw new IllegalArgumentException("pointsPerHost must be >= 0, was " + pointsPerHost);
    }
    this.pointsPerHost = pointsPerHost;
  }

  @Override
  public boolean hard() {
    return false;
  }

  @Override
  public double weight() {
    return pointsPerHost;
  }

  private static boolean inUse(PlanningState state, int host) {
    return state.hosts[host].healthy() && !state.workloadsOn.get(host).isEmpty();
  }

  @Override
  public double violation(PlanningState state) {
    int n = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      if (inUse(state, h)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    int from = state.hostOf[workload];
    if (from == destination) {
      return 0;
    }
    double leaving = state.hosts[from].healthy() && state.workloadsOn.get(from).size() == 1
        ? -1 : 0;
    double arriving = state.hosts[destination].healthy()
        && state.workloadsOn.get(destination).isEmpty() ? 1 : 0;
    return leaving + arriving;
  }

  private static double fill(PlanningState state, int host) {
    int gpus = state.hosts[host].gpuCount();
    return gpus == 0 ? 0 : state.gpuDemand[host] / gpus;
  }

  @Override
  public void optimize(PlanningState state, MoveGate gate) {
    int failed = 0;
    Integer[] emptiestFirst = state.hostsSortedBy(h -> fill(state, h));
    int[] fullestFirst = fullestFirst(state);
    for (int source : emptiestFirst) {
      if (!gate.budgetLeft() || failed >= MAX_FAILED_IN_A_ROW) {
        return;
      }
      if (!inUse(state, source)) {
        continue;
      }
      List<Integer> here = new ArrayList<>(state.workloadsOn.get(source));
      if (here.stream().anyMatch(w -> state.qos[w] == Qos.GUARANTEED)) {
        continue;
      }
      here.sort((a, b) -> Double.compare(state.gpuShare[b], state.gpuShare[a]));
      int[] group = here.stream().mapToInt(Integer::intValue).toArray();
      double before = fill(state, source);
      if (gate.tryGroup(group, fullestFirst, CANDIDATES_PER_WORKLOAD, () -> String.format(
          Locale.ROOT, "frees host %s (%.0f %% of its GPUs held, %d workloads moved)",
          state.hosts[source].id(), before * 100, group.length))) {
        failed = 0;
        fullestFirst = fullestFirst(state);
      } else {
        failed++;
      }
    }
  }

  /** Healthy hosts in use, fullest first: where a workload packs tightest. */
  private static int[] fullestFirst(PlanningState state) {
    Integer[] ascending = state.hostsSortedBy(h -> fill(state, h));
    int[] out = new int[ascending.length];
    int n = 0;
    for (int i = ascending.length - 1; i >= 0; i--) {
      if (inUse(state, ascending[i])) {
        out[n++] = ascending[i];
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
