package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.util.ArrayList;
import java.util.List;

/** Hard: every workload's per-GPU memory need fits the frame buffer of its host's GPUs. */
public final class GpuMemoryGoal extends HardGoal {

  private static boolean fits(PlanningState state, int workload, int host) {
    return state.workloads[workload].memoryBytesPerGpu() <= state.hosts[host].gpuMemoryBytes();
  }

  @Override
  public double violation(PlanningState state) {
    double gpus = 0;
    for (int w = 0; w < state.workloads.length; w++) {
      if (breaks(state, w)) {
        gpus += state.workloads[w].gpus();
      }
    }
    return gpus;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    int gpus = state.workloads[workload].gpus();
    return (fits(state, workload, destination) ? 0 : gpus)
        - (fits(state, workload, state.hostOf[workload]) ? 0 : gpus);
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
    return !fits(state, workload, state.hostOf[workload]);
  }

  @Override
  String reason(PlanningState state, int workload) {
    return "needs " + state.workloads[workload].memoryBytesPerGpu() + " bytes per GPU, host "
        + state.hosts[state.hostOf[workload]].id() + " has "
        + state.hosts[state.hostOf[workload]].gpuMemoryBytes();
  }

  @Override
  InfeasibleGoal shortfall(PlanningState state, List<Integer> unplaced) {
    double bytes = unplaced.stream().mapToDouble(
        w -> (double) state.workloads[w].gpus() * state.workloads[w].memoryBytesPerGpu()).sum();
    return new InfeasibleGoal(name(), unplaced.size() + " workloads need GPUs with more memory "
        + "than any free GPU has", CapacityResource.GPU_MEMORY_BYTES.name(), bytes);
  }
}
