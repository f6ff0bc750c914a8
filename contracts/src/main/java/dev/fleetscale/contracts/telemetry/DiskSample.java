package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One block device over one interval (rates are averages over the interval, from
 * /proc/diskstats deltas). Null means not measured.
 *
 * @param device kernel name, e.g. "nvme0n1"
 * @param readBytesPerSecond bytes read per second
 * @param writeBytesPerSecond bytes written per second
 * @param readIops completed reads per second
 * @param writeIops completed writes per second
 * @param utilizationPercent percent of the interval the device was busy, 0-100
 * @param averageQueueDepth average number of requests in flight
 * @param averageReadLatencyMs average time a read took, milliseconds
 * @param averageWriteLatencyMs average time a write took, milliseconds
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskSample(
    String device,
    Double readBytesPerSecond,
    Double writeBytesPerSecond,
    Double readIops,
    Double writeIops,
    Double utilizationPercent,
    Double averageQueueDepth,
    Double averageReadLatencyMs,
    Double averageWriteLatencyMs) {

  public DiskSample {
    Objects.requireNonNull(device, "device");
  }
}
