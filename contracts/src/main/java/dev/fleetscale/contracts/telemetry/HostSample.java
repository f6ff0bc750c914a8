package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.Copies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one host measured in one interval: topic {@code fleet.telemetry.v1}, key host id.
 *
 * @param hostId stable host identifier (the agent's configured id, default the hostname)
 * @param cluster cluster the host belongs to
 * @param pool pool (node group) the host belongs to; decisions are made per pool
 * @param labels free-form host labels (rack, zone, ...); null if none configured
 * @param sequence per-host sample counter, increasing by one per interval and persisted across
 *     agent restarts, so (hostId, sequence) identifies a sample
 * @param timestamp end of the interval
 * @param intervalMs length of the interval over which rates were averaged, milliseconds
 * @param gpus every GPU on the host (empty if none or NVML is unavailable)
 * @param disks every block device sampled (may be empty)
 * @param filesystems every filesystem sampled (may be empty)
 * @param nics every network interface sampled (may be empty)
 * @param host CPU and memory; null if not measured
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostSample(
    String hostId,
    String cluster,
    String pool,
    Map<String, String> labels,
    long sequence,
    Instant timestamp,
    long intervalMs,
    List<GpuSample> gpus,
    List<DiskSample> disks,
    List<FilesystemSample> filesystems,
    List<NicSample> nics,
    HostResources host)
    implements FleetEvent {

  public HostSample {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(timestamp, "timestamp");
    labels = Copies.copyOrNull(labels);
    gpus = Copies.copyRequired(gpus, "gpus");
    disks = Copies.copyRequired(disks, "disks");
    filesystems = Copies.copyRequired(filesystems, "filesystems");
    nics = Copies.copyRequired(nics, "nics");
  }

  /** {@code hostId + "/" + sequence}: the same sample replayed has the same id. */
  @Override
  public String eventId() {
    return hostId + "/" + sequence;
  }

  @Override
  public Instant eventTime() {
    return timestamp;
  }

  @Override
  public String partitionKey() {
    return hostId;
  }
}
