package dev.fleetscale.optimizer.rebalance;

import java.util.Map;
import java.util.Objects;

/**
 * A movable workload: it holds whole GPUs on one host and moves as a unit.
 *
 * @param id the workload's id ({@code WorkloadRef.id})
 * @param gpus GPUs it holds, >= 1
 * @param memoryBytesPerGpu frame buffer it needs on each GPU, bytes
 * @param gpuUtilizationPercent utilization of each GPU it holds, 0-100
 * @param powerWatts GPU power it draws above idle, watts
 * @param nicPercent share of a host NIC it uses, percent
 * @param ssdPercent share of a host SSD it uses, percent
 * @param labels scheduling labels: {@value #ANTI_AFFINITY_LABEL} (members of one group never
 *     share a host) and {@value #GANG_LABEL} (members of one gang stay in one rack)
 */
public record Workload(
    String id,
    int gpus,
    long memoryBytesPerGpu,
    double gpuUtilizationPercent,
    double powerWatts,
    double nicPercent,
    double ssdPercent,
    Map<String, String> labels) {

  // The labels' names are the contract's: the agent reads them from workloads' environments.
  public static final String ANTI_AFFINITY_LABEL =
      dev.fleetscale.contracts.telemetry.WorkloadRef.ANTI_AFFINITY_LABEL;
  public static final String GANG_LABEL = dev.fleetscale.contracts.telemetry.WorkloadRef.GANG_LABEL;

  public Workload {
    Objects.requireNonNull(id, "id");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (gpus < 1) {
      throw new IllegalArgumentException("workload " + id + ": gpus must be >= 1, was " + gpus);
    }
  }

  /** A workload with only GPU needs, no power, NIC or SSD load; for tests. */
  public static Workload of(String id, int gpus, long memoryBytesPerGpu, double utilization) {
    return new Workload(id, gpus, memoryBytesPerGpu, utilization, 0, 0, 0, Map.of());
  }

  public Workload withLabel(String key, String value) {
    var copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return new Workload(id, gpus, memoryBytesPerGpu, gpuUtilizationPercent, powerWatts,
        nicPercent, ssdPercent, copy);
  }

  public Workload withLoad(double power, double nic, double ssd) {
    return new Workload(id, gpus, memoryBytesPerGpu, gpuUtilizationPercent, power, nic, ssd,
        labels);
  }

  /** The anti-affinity group, or null. */
  public String antiAffinityGroup() {
    return labels.get(ANTI_AFFINITY_LABEL);
  }

  /** The gang, or null. */
  public String gang() {
    return labels.get(GANG_LABEL);
  }
}
