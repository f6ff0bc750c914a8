package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard: workloads with the same {@value Workload#ANTI_AFFINITY_LABEL} label value never share a
 * host (replicas of one service survive the loss of a host).
 */
public final class AntiAffinityGoal extends HardGoal {

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (int w = 0; w < state.workloads.length; w++) {
      String group = state.workloads[w].antiAffinityGroup();
      if (group != null && state.groupMembersOn(state.hostOf[w], group) > 1) {
        sum += 1;
      }
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    String group = state.workloads[workload].antiAffinityGroup();
    if (group == null) {
      return 0;
    }
    // Violation counts every member on a shared host: pairs (n = 2) count 2, n > 2 counts n.
    int atSource = state.groupMembersOn(state.hostOf[workload], group);
    int atDestination = state.groupMembersOn(destination, group);
    double sourceChange = atSource == 2 ? -2 : atSource > 2 ? -1 : 0;
    double destinationChange = atDestination == 1 ? 2 : atDestination > 1 ? 1 : 0;
    return sourceChange + destinationChange;
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
    String group = state.workloads[workload].antiAffinityGroup();
    return group != null && state.groupMembersOn(state.hostOf[workload], group) > 1;
  }

  @Override
  String reason(PlanningState state, int workload) {
    return "shares host " + state.hosts[state.hostOf[workload]].id() + " with another member of "
        + "anti-affinity group " + state.workloads[workload].antiAffinityGroup();
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    return new InfeasibleGoal(name(), unplaced.size() + " anti-affinity members have no host of "
        + "their own", CapacityResource.GPU_COUNT.name(), gpusOf(state, unplaced));
  }
}
