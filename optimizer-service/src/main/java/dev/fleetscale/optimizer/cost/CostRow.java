package dev.fleetscale.optimizer.cost;

import java.time.Instant;
import java.util.Map;

/**
 * One {@code cost_allocation} point: what one holder of one GPU of one host cost in one window.
 * The holder is a workload, or {@link #IDLE} for the time nobody held the GPU. Money is in
 * integer micro-dollars (docs/cost.md says why).
 *
 * @param gpu the NVML index as text, or {@link #NO_GPU} for a host without GPUs
 * @param allocatedUs GPU-microseconds held (0 for {@link #IDLE})
 * @param usedUs held GPU-microseconds weighted by utilization
 * @param idleAllocatedUs held GPU-microseconds at 0 % utilization
 * @param unallocatedUs GPU-microseconds nobody held (only on {@link #IDLE})
 * @param unmeasuredUs held GPU-microseconds without a utilization figure (e.g. under MIG)
 * @param energyMj GPU energy drawn, millijoules
 */
public record CostRow(
    Instant end,
    String cluster,
    String pool,
    String host,
    String gpu,
    String workload,
    String workloadKind,
    String workloadName,
    Map<String, String> labels,
    long allocatedUs,
    double usedUs,
    long idleAllocatedUs,
    long unallocatedUs,
    long unmeasuredUs,
    long energyMj,
    long gpuCost,
    long ssdCost,
    long networkCost,
    long energyCost,
    String rateSource) {

  /** The holder of unallocated time: OpenCost's name for it. */
  public static final String IDLE = "__idle__";
  /** The gpu tag of a host's own row when it has no GPUs. */
  public static final String NO_GPU = "none";

  /** Every part, micro-dollars. */
  public long cost() {
    return gpuCost + ssdCost + networkCost + energyCost;
  }

  public boolean idle() {
    return IDLE.equals(workload);
  }
}
