package dev.fleetscale.optimizer.rollup;

import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.util.List;

/**
 * What one host used of the resources capacity is forecast for, over one window, and what it had:
 * demand is the window's highest per-sample total (capacity is bought for peaks), capacity the
 * last sample's total. Each resource counts only the devices that report both what it is used for
 * and what it has, so demand and capacity always describe the same devices; a host without such
 * devices has zero of both. Not thread-safe: owned with its window.
 *
 * <ul>
 *   <li>GPU memory: frame buffer used vs installed, summed over the GPUs, bytes.
 *   <li>Filesystems: used vs size, summed over the filesystems the agent reports (real storage
 *       types); a device mounted twice (bind mount) counts once. Bytes.
 *   <li>Disk bandwidth: read + write, summed over the whole disks that report both rates, bytes
 *       per second; the samples carry no bandwidth capacity, so only the number of such disks is
 *       kept and the pool stage multiplies it by the configured bandwidth per device.
 *   <li>NIC bandwidth: per NIC the busier direction, max(rx, tx), summed over the NICs that report
 *       both rates and a link speed, bits per second, vs the sum of their link speeds. Links are
 *       full duplex and the link speed is per direction, so rx + tx against the link speed would
 *       count a link busy both ways as 200 % used (the same rule as NicSample's utilization).
 * </ul>
 *
 * <p>Defence in depth against counter resets read as wraps: a sample whose disk or NIC rate is
 * physically impossible (not finite, negative, a NIC faster than its link speed, a disk faster
 * than {@value #MAX_DISK_BYTES_PER_SECOND} bytes per second read + write) does not count
 * towards that resource's peak, and is counted in {@link SampleRejections}; its devices still
 * count towards capacity (a link speed or a disk count is not derived from counters).
 */
public final class HostResourceUse {

  /**
   * The most one block device can read + write per second: 256 GB/s, what a PCIe 6.0 x16 link
   * carries in both directions, the widest link a block device sits on.
   */
  public static final double MAX_DISK_BYTES_PER_SECOND = 256e9;

  /** A NIC rate may exceed its link speed by this fraction (rounding, a tick of timing). */
  static final double LINK_TOLERANCE = 0.01;

  private final SampleRejections rejections;

  private long gpuMemoryUsed;
  private long gpuMemoryTotal;
  private long filesystemUsed;
  private long filesystemCapacity;
  private double diskBytesPerSecond;
  private int disks;
  private double nicBitsPerSecond;
  private double nicLinkBitsPerSecond;
  private boolean any;

  /** A window's figures, rejections counted nowhere else (tests). */
  public HostResourceUse() {
    this(new SampleRejections());
  }

  public HostResourceUse(SampleRejections rejections) {
    this.rejections = rejections;
  }

  /** Adds one sample of the window. */
  public void add(HostSample sample) {
    any = true;
    long memoryUsed = 0;
    long memoryTotal = 0;
    for (GpuSample g : sample.gpus()) {
      if (g.memoryUsedBytes() != null && g.memoryTotalBytes() != null) {
        memoryUsed += g.memoryUsedBytes();
        memoryTotal += g.memoryTotalBytes();
      }
    }
    gpuMemoryUsed = Math.max(gpuMemoryUsed, memoryUsed);
    gpuMemoryTotal = memoryTotal;

    long used = 0;
    long size = 0;
    List<FilesystemSample> filesystems = sample.filesystems();
    for (int i = 0; i < filesystems.size(); i++) {
      FilesystemSample f = filesystems.get(i);
      if (f.usedBytes() == null || f.capacityBytes() == null || mountedBefore(filesystems, i)) {
        continue;
      }
      used += f.usedBytes();
      size += f.capacityBytes();
    }
    filesystemUsed = Math.max(filesystemUsed, used);
    filesystemCapacity = size;

    double io = 0;
    int measured = 0;
    SampleRejections.Reason diskRejected = null;
    for (DiskSample d : sample.disks()) {
      if (d.readBytesPerSecond() != null && d.writeBytesPerSecond() != null) {
        SampleRejections.Reason why = impossible(d.readBytesPerSecond(), d.writeBytesPerSecond());
        if (why == null && d.readBytesPerSecond() + d.writeBytesPerSecond()
            > MAX_DISK_BYTES_PER_SECOND) {
          why = SampleRejections.Reason.DISK_ABOVE_DEVICE_MAXIMUM;
        }
        if (why != null) {
          diskRejected = why;
        } else {
          io += d.readBytesPerSecond() + d.writeBytesPerSecond();
        }
        measured++;
      }
    }
    if (diskRejected != null) {
      rejections.reject(diskRejected);
    } else {
      diskBytesPerSecond = Math.max(diskBytesPerSecond, io);
    }
    // A disk seen for the first time has no rate yet (DiskSampler): keep the most seen.
    disks = Math.max(disks, measured);

    double bits = 0;
    double link = 0;
    SampleRejections.Reason nicRejected = null;
    for (NicSample n : sample.nics()) {
      if (n.rxBytesPerSecond() != null && n.txBytesPerSecond() != null
          && n.linkSpeedMbps() != null && n.linkSpeedMbps() > 0) {
        double busier = 8 * Math.max(n.rxBytesPerSecond(), n.txBytesPerSecond());
        double speed = n.linkSpeedMbps() * 1e6;
        SampleRejections.Reason why = impossible(n.rxBytesPerSecond(), n.txBytesPerSecond());
        if (why == null && busier > speed * (1 + LINK_TOLERANCE)) {
          why = SampleRejections.Reason.NIC_ABOVE_LINK_SPEED;
        }
        if (why != null) {
          nicRejected = why;
        } else {
          bits += busier;
        }
        link += speed;
      }
    }
    if (nicRejected != null) {
      rejections.reject(nicRejected);
    } else {
      nicBitsPerSecond = Math.max(nicBitsPerSecond, bits);
    }
    nicLinkBitsPerSecond = link;
  }

  /** Why a pair of rates cannot be, or null if both are plausible numbers. */
  private static SampleRejections.Reason impossible(double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return SampleRejections.Reason.NOT_FINITE;
    }
    if (a < 0 || b < 0) {
      return SampleRejections.Reason.NEGATIVE;
    }
    return null;
  }

  /**
   * Whether the device of filesystem {@code i} was already counted (a bind mount). A host has a
   * handful of filesystems: a scan allocates nothing on the ingest path, unlike a set per sample.
   */
  private static boolean mountedBefore(List<FilesystemSample> filesystems, int i) {
    String device = filesystems.get(i).device();
    if (device == null) {
      return false;
    }
    for (int j = 0; j < i; j++) {
      FilesystemSample earlier = filesystems.get(j);
      if (device.equals(earlier.device()) && earlier.usedBytes() != null
          && earlier.capacityBytes() != null) {
        return true;
      }
    }
    return false;
  }

  /** The window's figures; null if no sample was added. */
  public HostWindowSummary.Resources summary() {
    if (!any) {
      return null;
    }
    return new HostWindowSummary.Resources(gpuMemoryUsed, gpuMemoryTotal, filesystemUsed,
        filesystemCapacity, diskBytesPerSecond, disks, nicBitsPerSecond, nicLinkBitsPerSecond);
  }
}
