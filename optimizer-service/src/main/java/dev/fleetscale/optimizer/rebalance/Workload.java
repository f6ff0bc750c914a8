package dev.fleetscale.optimizer.rebalance;

import java.util.Map;
import java.util.Objects;

/**
 * A movable workload: it holds GPUs on one host (whole GPUs, a fraction of one shared GPU, or a
 * MIG instance) plus host CPU and memory, and moves as a unit. What it holds beyond whole GPUs,
 * and how it may be moved, comes from its labels ({@link PlacementLabels}), as on the wire.
 *
 * @param id the workload's id ({@code WorkloadRef.id})
 * @param gpus GPUs it holds, >= 1 (1 for a fractional or MIG workload)
 * @param memoryBytesPerGpu frame buffer it needs on each GPU, bytes
 * @param gpuUtilizationPercent utilization it causes on each GPU it holds, 0-100 of that GPU
 *     (of its MIG instance for a MIG workload)
 * @param powerWatts GPU power it draws above idle, watts
 * @param nicPercent share of a host NIC it uses, percent
 * @param ssdPercent share of a host SSD it uses, percent
 * @param labels scheduling labels: {@value #ANTI_AFFINITY_LABEL} (members of one group never
 *     share a host), {@value #GANG_LABEL} (members of one gang stay in one rack) and those of
 *     {@link PlacementLabels}
 * @throws IllegalArgumentException if a label is malformed; the message names it and its rule
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
    PlacementLabels.parse(id, gpus, labels); // fail at the edge, not mid-plan
  }

  /** A fractional workload: {@code fraction} of one shared GPU (MPS or time-slicing). */
  public static Workload fractional(String id, double fraction, long memoryBytes,
      double utilization) {
    return of(id, 1, memoryBytes, utilization).withLabel(PlacementLabels.GPU_FRACTION,
        Double.toString(fraction));
  }

  /** A MIG workload on one instance of {@code profile}, e.g. "1g.10gb". */
  public static Workload mig(String id, String profile, long memoryBytes, double utilization) {
    return of(id, 1, memoryBytes, utilization).withLabel(PlacementLabels.MIG_PROFILE, profile);
  }

  /** The same workload requesting host CPU cores and memory. */
  public Workload withHostResources(double cpuCores, long memoryBytes) {
    return withLabel(PlacementLabels.CPU, Double.toString(cpuCores))
        .withLabel(PlacementLabels.MEMORY, Long.toString(memoryBytes));
  }

  /** What the labels say it holds and how it may move (parsed on each call: cache it). */
  public PlacementLabels.Needs needs() {
    return PlacementLabels.parse(id, gpus, labels);
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
