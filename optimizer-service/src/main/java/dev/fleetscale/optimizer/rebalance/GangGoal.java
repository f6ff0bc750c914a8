package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hard: the members of a gang ({@value Workload#GANG_LABEL}, e.g. the ranks of one training job)
 * stay in one rack, where the fabric between them is fast. A split gang moves to the rack that
 * holds most of it.
 */
public final class GangGoal extends HardGoal {

  private static int split(Map<String, Integer> racks, int size) {
    int most = 0;
    for (int n : racks.values()) {
      most = Math.max(most, n);
    }
    return size - most;
  }

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (var e : state.gangRacks.entrySet()) {
      sum += split(e.getValue(), state.gangSize.get(e.getKey()));
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    String gang = state.workloads[workload].gang();
    if (gang == null) {
      return 0;
    }
    String from = state.rackOf(state.hostOf[workload]);
    String to = state.rackOf(destination);
    if (from.equals(to)) {
      return 0;
    }
    Map<String, Integer> racks = state.gangRacks.get(gang);
    int size = state.gangSize.get(gang);
    int before = split(racks, size);
    var after = new java.util.HashMap<>(racks);
    after.merge(from, -1, Integer::sum);
    after.merge(to, 1, Integer::sum);
    return split(after, size) - before;
  }

  @Override
  List<Integer> offenders(PlanningState state) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < state.workloads.length; w++) {
      if (breaks(state, w)) {
        out.add(w);
      }
    }
    return out;
  }

  @Override
  boolean breaks(PlanningState state, int workload) {
    String gang = state.workloads[workload].gang();
    return gang != null && !state.rackOf(state.hostOf[workload]).equals(state.homeRack(gang));
  }

  @Override
  String reason(PlanningState state, int workload) {
    String gang = state.workloads[workload].gang();
    return "gang " + gang + " is split; joins the rest in rack " + state.homeRack(gang);
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    return new InfeasibleGoal(name(), unplaced.size() + " gang members find no room in their "
        + "gang's rack", CapacityResource.GPU_COUNT.name(), gpusOf(state, unplaced));
  }
}
