package dev.fleetscale.contracts.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One mounted filesystem at the end of an interval.
 *
 * @param mountPoint where it is mounted, e.g. "/scratch"
 * @param device backing device, e.g. "/dev/nvme0n1p1"; null if none (tmpfs)
 * @param fsType filesystem type, e.g. "xfs"; null if unknown
 * @param capacityBytes total size, bytes
 * @param usedBytes used, bytes
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilesystemSample(
    String mountPoint, String device, String fsType, Long capacityBytes, Long usedBytes) {

  public FilesystemSample {
    Objects.requireNonNull(mountPoint, "mountPoint");
  }
}
