package dev.fleetscale.optimizer.rebalance;

import java.util.Objects;

/**
 * One host of a pool as the planner sees it: capacity and the load that no movable workload
 * explains (baselines).
 *
 * @param id host id as telemetry reports it
 * @param rack placement domain for gang constraints; null if unknown (then gangs ignore it)
 * @param healthy false when a GPU is lost or failing: nothing may run there
 * @param gpuCount GPUs installed
 * @param gpuMemoryBytes frame buffer per GPU, bytes
 * @param powerLimitWatts sum of the GPUs' power limits, watts
 * @param idlePowerWatts GPU power drawn with no workload, watts
 * @param temperatureC hottest GPU, degrees Celsius; null if unknown
 * @param nicBaselinePercent NIC utilization not caused by movable workloads, percent
 * @param ssdBaselinePercent SSD utilization not caused by movable workloads, percent
 * @param gpuModel the GPUs' model as the catalog names it (e.g. "H100-SXM5-80GB"); null if
 *     unknown
 * @param cpuCores logical CPUs workloads may request; 0 if unknown (then CPU is not checked)
 * @param memoryBytes host memory workloads may request, bytes; 0 if unknown (not checked)
 * @param migGpus how many of the GPUs (the first ones) are in MIG mode: they take only MIG
 *     workloads, {@value MigProfile#SLICES_PER_GPU} compute slices each
 */
public record Host(
    String id,
    String rack,
    boolean healthy,
    int gpuCount,
    long gpuMemoryBytes,
    double powerLimitWatts,
    double idlePowerWatts,
    Integer temperatureC,
    double nicBaselinePercent,
    double ssdBaselinePercent,
    String gpuModel,
    double cpuCores,
    long memoryBytes,
    int migGpus) {

  public Host {
    Objects.requireNonNull(id, "id");
    if (gpuCount < 0) {
      throw new IllegalArgumentException("host " + id + ": gpuCount must be >= 0");
    }
    if (migGpus < 0 || migGpus > gpuCount) {
      throw new IllegalArgumentException("host " + id + ": migGpus must be 0-" + gpuCount
          + ", was " + migGpus);
    }
    if (cpuCores < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("host " + id + ": cpuCores and memoryBytes must be >= 0");
    }
  }

  /** A host whose model, CPU and memory are unknown and with no MIG GPUs. */
  public Host(String id, String rack, boolean healthy, int gpuCount, long gpuMemoryBytes,
      double powerLimitWatts, double idlePowerWatts, Integer temperatureC,
      double nicBaselinePercent, double ssdBaselinePercent) {
    this(id, rack, healthy, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        temperatureC, nicBaselinePercent, ssdBaselinePercent, null, 0, 0, 0);
  }

  /** The same host with its GPU model, CPU cores and memory known. */
  public Host withResources(String model, double cores, long bytes) {
    return new Host(id, rack, healthy, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        temperatureC, nicBaselinePercent, ssdBaselinePercent, model, cores, bytes, migGpus);
  }

  /** The same host with its first {@code gpus} GPUs in MIG mode. */
  public Host withMigGpus(int gpus) {
    return new Host(id, rack, healthy, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        temperatureC, nicBaselinePercent, ssdBaselinePercent, gpuModel, cpuCores, memoryBytes,
        gpus);
  }

  /** A healthy host with the given GPUs and no baselines; for tests and simple fleets. */
  public static Host of(String id, String rack, int gpus, long gpuMemoryBytes) {
    return new Host(id, rack, true, gpus, gpuMemoryBytes, gpus * 700.0, gpus * 70.0, null, 0, 0);
  }

  public Host unhealthy() {
    return new Host(id, rack, false, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        temperatureC, nicBaselinePercent, ssdBaselinePercent, gpuModel, cpuCores, memoryBytes,
        migGpus);
  }

  public Host withTemperature(Integer celsius) {
    return new Host(id, rack, healthy, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        celsius, nicBaselinePercent, ssdBaselinePercent, gpuModel, cpuCores, memoryBytes,
        migGpus);
  }
}
