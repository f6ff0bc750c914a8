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
    double ssdBaselinePercent) {

  public Host {
    Objects.requireNonNull(id, "id");
    if (gpuCount < 0) {
      throw new IllegalArgumentException("host " + id + ": gpuCount must be >= 0");
    }
  }

  /** A healthy host with the given GPUs and no baselines; for tests and simple fleets. */
  public static Host of(String id, String rack, int gpus, long gpuMemoryBytes) {
    return new Host(id, rack, true, gpus, gpuMemoryBytes, gpus * 700.0, gpus * 70.0, null, 0, 0);
  }

  public Host unhealthy() {
    return new Host(id, rack, false, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        temperatureC, nicBaselinePercent, ssdBaselinePercent);
  }

  public Host withTemperature(Integer celsius) {
    return new Host(id, rack, healthy, gpuCount, gpuMemoryBytes, powerLimitWatts, idlePowerWatts,
        celsius, nicBaselinePercent, ssdBaselinePercent);
  }
}
