package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Demand and capacity of every {@link CapacityResource} in a 10 s pool window, from its hosts'
 * summaries: the sum over the hosts of each host's figures ({@link
 * dev.fleetscale.optimizer.rollup.HostResourceUse} says which devices count). Stateless.
 *
 * <p>GPU_COUNT is busy GPUs (holding a workload) vs GPUs, known whenever the window is. The others
 * are known only if every host of the window reported them: a summary of format 1 (an older
 * optimizer during a rolling upgrade) leaves them unknown for that window rather than making the
 * pool look smaller than it is.
 *
 * <p>SSD bandwidth capacity is not measured by the agent (a disk does not report its bandwidth):
 * it is the configured bandwidth per device ({@code forecast.ssdBandwidthBytesPerSecondPerDevice},
 * overridable per pool) times the disks that reported rates. An observed maximum would not do:
 * capacity would then grow with demand and a shortfall could never be seen coming.
 */
public final class PoolResources {

  private PoolResources() {}

  /**
   * @param hosts the window's host summaries
   * @param gpus GPUs of those hosts
   * @param busyGpus GPUs holding a workload
   * @param ssdBandwidthPerDevice bandwidth one disk is good for, read + write, bytes per second
   * @return the known resources, in enum order (unmodifiable)
   */
  public static Map<CapacityResource, ResourceUse> of(Collection<HostWindowSummary> hosts,
      int gpus, int busyGpus, double ssdBandwidthPerDevice) {
    Map<CapacityResource, ResourceUse> out = new EnumMap<>(CapacityResource.class);
    out.put(CapacityResource.GPU_COUNT, new ResourceUse(busyGpus, gpus));
    double memoryUsed = 0;
    double memoryTotal = 0;
    double fsUsed = 0;
    double fsSize = 0;
    double io = 0;
    double disks = 0;
    double nic = 0;
    double link = 0;
    for (HostWindowSummary h : hosts) {
      HostWindowSummary.Resources r = h.resources();
      if (r == null) {
        return Collections.unmodifiableMap(out);
      }
      memoryUsed += r.gpuMemoryUsedBytes();
      memoryTotal += r.gpuMemoryTotalBytes();
      fsUsed += r.filesystemUsedBytes();
      fsSize += r.filesystemCapacityBytes();
      io += r.diskBytesPerSecond();
      disks += r.disks();
      nic += r.nicBitsPerSecond();
      link += r.nicLinkBitsPerSecond();
    }
    if (hosts.isEmpty()) {
      return Collections.unmodifiableMap(out);
    }
    out.put(CapacityResource.GPU_MEMORY_BYTES, new ResourceUse(memoryUsed, memoryTotal));
    out.put(CapacityResource.SSD_CAPACITY_BYTES, new ResourceUse(fsUsed, fsSize));
    out.put(CapacityResource.SSD_BANDWIDTH_BYTES_PER_SECOND,
        new ResourceUse(io, disks * ssdBandwidthPerDevice));
    out.put(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND, new ResourceUse(nic, link));
    return Collections.unmodifiableMap(out);
  }
}
