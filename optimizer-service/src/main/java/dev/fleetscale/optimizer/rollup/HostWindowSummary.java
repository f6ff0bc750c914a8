package dev.fleetscale.optimizer.rollup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One host's 10 s window, as the host stage hands it to the pool stage through the internal topic
 * {@code fleet.optimizer.pool-summaries.v1} (key: pool). INTERNAL to the optimizer: no other
 * service may read it, so it is not in contracts; {@link #formatVersion} lets a newer optimizer
 * tell an older summary apart during a rolling upgrade. Format 2 added {@link #resources}; a format
 * 1 summary decodes with it null (unknown), and a format 1 optimizer ignores it (unknown
 * properties are skipped). Format 3 dropped the per-GPU aggregates ("gpus"): the pool stage never
 * read them, and they were most of each summary's bytes and JSON work (the GPU rollups go to
 * InfluxDB from the host stage); an older summary's "gpus" is ignored. Format 4 added each workload's scheduling labels (absent:
 * none known).
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param hostId host
 * @param cluster cluster of the host
 * @param pool pool of the host
 * @param rack the host's "rack" label, or null
 * @param windowEnd end of the 10 s window
 * @param samples host samples in the window
 * @param healthy false if any GPU was LOST or in ERROR, or showed a pending/failed row remap
 * @param gpuCount GPUs in the last sample
 * @param gpuMemoryBytes smallest GPU frame buffer on the host, bytes; 0 if unknown
 * @param powerLimitWatts sum of the GPUs' power limits, watts
 * @param temperatureMaxC hottest GPU's max temperature in the window; null if unknown
 * @param host host-level aggregates by {@link RollupMetric#field()}
 * @param workloads workloads seen on the host's GPUs in the last sample of the window
 * @param resources demand and capacity of the forecast resources; null if unknown (format 1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostWindowSummary(
    int formatVersion,
    String hostId,
    String cluster,
    String pool,
    String rack,
    Instant windowEnd,
    int samples,
    boolean healthy,
    int gpuCount,
    long gpuMemoryBytes,
    double powerLimitWatts,
    Integer temperatureMaxC,
    Map<String, Stat.Summary> host,
    List<WorkloadWindow> workloads,
    Resources resources) {

  /** 2: {@link #resources} added; 3: per-GPU aggregates dropped; 4: workload labels added. */
  public static final int FORMAT_VERSION = 4;

  public HostWindowSummary {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(windowEnd, "windowEnd");
    host = Map.copyOf(host);
    workloads = List.copyOf(workloads);
  }

  /**
   * A workload on the host: GPUs it holds, its memory per GPU (bytes), the mean utilization of
   * its GPUs (percent), their power draw (watts) and the scheduling labels it declared (gang,
   * anti-affinity; null if none — a summary of format 3 or older never has them).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WorkloadWindow(String id, int gpus, long memoryBytesPerGpu, double gpuUtilPct,
      double powerWatts, Map<String, String> labels) {

    /** A workload without labels. */
    public WorkloadWindow(String id, int gpus, long memoryBytesPerGpu, double gpuUtilPct,
        double powerWatts) {
      this(id, gpus, memoryBytesPerGpu, gpuUtilPct, powerWatts, null);
    }
  }

  /**
   * The host's demand (highest per-sample total in the window) and capacity (last sample) of the
   * resources capacity is forecast for; {@link HostResourceUse} says which devices count.
   *
   * @param gpuMemoryUsedBytes frame buffer used, summed over GPUs, bytes
   * @param gpuMemoryTotalBytes frame buffer installed, summed over the same GPUs, bytes
   * @param filesystemUsedBytes used space, summed over filesystems, bytes
   * @param filesystemCapacityBytes size of the same filesystems, bytes
   * @param diskBytesPerSecond read + write, summed over whole disks, bytes per second
   * @param disks whole disks that reported rates (the SSD bandwidth capacity is per device)
   * @param nicBitsPerSecond per NIC max(rx, tx), summed over NICs, bits per second
   * @param nicLinkBitsPerSecond link speeds of the same NICs, summed, bits per second
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Resources(long gpuMemoryUsedBytes, long gpuMemoryTotalBytes,
      long filesystemUsedBytes, long filesystemCapacityBytes, double diskBytesPerSecond,
      int disks, double nicBitsPerSecond, double nicLinkBitsPerSecond) {}
}
