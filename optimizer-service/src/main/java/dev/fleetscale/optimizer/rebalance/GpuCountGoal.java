package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hard: every workload has room on a GPU of its host. Whole-GPU workloads need that many unshared
 * GPUs; a fraction (MPS, time-slicing) needs one shared GPU with that share and its frame buffer
 * free; a MIG instance needs a MIG-mode GPU with its compute slices and memory free. Violation:
 * GPU units (GPUs, fractions, slices / 7) of the workloads no GPU has room for.
 */
public final class GpuCountGoal extends HardGoal {

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      sum += Math.max(0, state.overflow[h]);
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    if (destination == state.hostOf[workload]) {
      return 0;
    }
    double share = state.gpuShare[workload];
    // Leaving may also let another overflowing workload on the source fit: that only helps, and
    // is left out so that the delta stays O(GPUs per host).
    return (state.fitsOn(workload, destination) ? 0 : share)
        - (state.gpusOf[workload] == null ? share : 0);
  }

  @Override
  public Acceptance acceptance(PlanningState state, int workload, int destination) {
    if (delta(state, workload, destination) <= MoveGate.EPSILON) {
      return Acceptance.ACCEPT;
    }
    // Every GPU full: no workload fits there (each holds some GPU share) until one leaves.
    return state.allGpusFull(destination) ? Acceptance.REJECT_DESTINATION
        : Acceptance.REJECT_MOVE;
  }

  @Override
  List<Integer> offenders(PlanningState state) {
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < state.workloads.length; w++) {
      if (breaks(state, w)) {
        out.add(w);
      }
    }
    out.sort((a, b) -> Double.compare(state.gpuShare[b], state.gpuShare[a]));
    return out;
  }

  @Override
  boolean breaks(PlanningState state, int workload) {
    return state.gpusOf[workload] == null;
  }

  @Override
  String reason(PlanningState state, int workload) {
    int h = state.hostOf[workload];
    return String.format(Locale.ROOT, "no GPU of host %s has room for %s (the host holds %.2f "
            + "GPUs of demand on %d)", state.hosts[h].id(), need(state, workload),
        state.gpuDemand[h], state.hosts[h].gpuCount());
  }

  static String need(PlanningState state, int w) {
    if (state.migSlices[w] > 0) {
      return "MIG " + state.workloads[w].needs().mig().label();
    }
    if (state.fraction[w] < 1) {
      return String.format(Locale.ROOT, "%.2f of a GPU", state.fraction[w]);
    }
    return state.workloads[w].gpus() + " whole GPUs";
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    double excess = violation(state);
    return new InfeasibleGoal(name(), String.format(Locale.ROOT,
        "the pool is oversubscribed by %.2f GPUs (%d workloads fit on no GPU)", excess,
        unplaced.size()), CapacityResource.GPU_COUNT.name(), excess);
  }
}
