package dev.fleetscale.contracts.metrics;

/** Which part of a {@code HostSample} a metric belongs to. */
public enum MetricScope {
  /** {@code gpus[]} ({@code GpuSample}). */
  GPU,
  /** {@code disks[]} ({@code DiskSample}). */
  DISK,
  /** {@code filesystems[]} ({@code FilesystemSample}). */
  FILESYSTEM,
  /** {@code nics[]} ({@code NicSample}). */
  NIC,
  /** {@code host} ({@code HostResources}). */
  HOST
}
