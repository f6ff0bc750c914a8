package dev.fleetscale.optimizer.forecast;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.UnitRequirements;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each GPU of one pool must be, learnt from its telemetry, so that a shortfall reaches
 * procurement with what the work needs and not only how many GPUs: the pool's own GPUs (their
 * memory, which the shortfall is counted in), the most memory any workload's process used on one
 * GPU, and, where workloads run as gangs ({@link WorkloadRef#GANG_LABEL}), the GPUs one gang member
 * holds on a host (an NVLink domain at least that large) and, for gangs that span hosts, the NIC
 * link speed per GPU of their hosts (the scale-out fabric they run on). Window summaries carry
 * no GPU model name, so accepted models are not derived here (procurement infers the model from
 * the memory per GPU where the catalog has exactly one such model). Not thread-safe: owned by the
 * pool's thread. Peaks are kept since the profile started; a restart starts them afresh.
 */
public final class UnitProfile {

  private static final double GIB = 1L << 30;

  private long installedMemoryBytesPerGpu = Long.MAX_VALUE;
  private long peakProcessBytesPerGpu;
  private String peakProcessWorkload;
  private Instant peakProcessAt;
  private int gangGpusPerHost;
  private String gangSpanning;
  private double fabricBitsPerGpu = Double.POSITIVE_INFINITY;
  private String fabricHost;

  /** Learns from one window's host summaries. */
  public void observe(Collection<HostWindowSummary> hosts, Instant at) {
    Map<String, Integer> hostsPerGang = new HashMap<>();
    Map<String, HostWindowSummary> gangHosts = new LinkedHashMap<>();
    for (HostWindowSummary h : hosts) {
      if (h.gpuMemoryBytes() > 0) {
        installedMemoryBytesPerGpu = Math.min(installedMemoryBytesPerGpu, h.gpuMemoryBytes());
      }
      for (HostWindowSummary.WorkloadWindow w : h.workloads()) {
        if (w.memoryBytesPerGpu() > peakProcessBytesPerGpu) {
          peakProcessBytesPerGpu = w.memoryBytesPerGpu();
          peakProcessWorkload = w.id();
          peakProcessAt = at;
        }
        String gang = w.labels() == null ? null : w.labels().get(WorkloadRef.GANG_LABEL);
        if (gang != null) {
          gangGpusPerHost = Math.max(gangGpusPerHost, w.gpus());
          hostsPerGang.merge(gang, 1, Integer::sum);
          gangHosts.put(gang + "/" + h.hostId(), h);
        }
      }
    }
    gangHosts.forEach((key, h) -> {
      String gang = key.substring(0, key.lastIndexOf('/'));
      if (hostsPerGang.get(gang) > 1 && h.resources() != null && h.gpuCount() > 0
          && h.resources().nicLinkBitsPerSecond() > 0) {
        gangSpanning = gang;
        double perGpu = h.resources().nicLinkBitsPerSecond() / h.gpuCount();
        if (perGpu < fabricBitsPerGpu) {
          fabricBitsPerGpu = perGpu;
          fabricHost = h.hostId();
        }
      }
    });
  }

  /** The requirements learnt so far; {@code null} when nothing is known yet. */
  public UnitRequirements requirements() {
    Map<String, String> sources = new LinkedHashMap<>();
    Double refMem = null;
    if (installedMemoryBytesPerGpu != Long.MAX_VALUE) {
      refMem = (double) installedMemoryBytesPerGpu;
      sources.put("reference_memory_bytes_per_gpu", String.format(java.util.Locale.ROOT,
          "smallest GPU frame buffer in the pool (%.1f GiB)", refMem / GIB));
    }
    Double minMem = null;
    if (peakProcessBytesPerGpu > 0) {
      minMem = (double) peakProcessBytesPerGpu;
      sources.put("min_memory_bytes_per_gpu", String.format(java.util.Locale.ROOT,
          "peak process memory per GPU in the pool (%.1f GiB, workload %s, window ending %s)",
          minMem / GIB, peakProcessWorkload, peakProcessAt));
    }
    Integer nvlink = null;
    if (gangGpusPerHost > 1) {
      nvlink = gangGpusPerHost;
      sources.put("min_nvlink_domain_gpus", "GPUs one gang member holds on a host ("
          + WorkloadRef.GANG_LABEL + " label)");
    }
    Double fabric = null;
    if (gangSpanning != null && Double.isFinite(fabricBitsPerGpu)) {
      fabric = fabricBitsPerGpu;
      sources.put("min_fabric_bits_per_second_per_gpu", String.format(java.util.Locale.ROOT,
          "NIC link speed per GPU on host %s of gang %s, which spans hosts (%.0f Gbit/s)",
          fabricHost, gangSpanning, fabric / 1e9));
    }
    if (sources.isEmpty()) {
      return null;
    }
    return new UnitRequirements(null, refMem, minMem, null, null, nvlink, fabric, null, sources);
  }

  /**
   * The demand with the requirements learnt so far attached, for the GPU resources (a GPU count
   * or GPU memory shortfall is bought as GPUs); other resources' demands as they are.
   */
  public CapacityDemand attach(CapacityDemand demand) {
    if (demand.resource() != CapacityResource.GPU_COUNT
        && demand.resource() != CapacityResource.GPU_MEMORY_BYTES) {
      return demand;
    }
    UnitRequirements r = requirements();
    return r == null ? demand : demand.withUnitRequirements(r);
  }
}
