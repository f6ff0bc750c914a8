package dev.fleetscale.optimizer;

import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.FilesystemSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicKind;
import dev.fleetscale.contracts.telemetry.NicSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds host samples for tests: every GPU at one utilization, optionally running a workload. */
public final class Samples {

  public static final long GPU_MEMORY = 80L << 30;

  private Samples() {}

  /**
   * @param busy GPUs 0..busy-1 run workload "w-{host}-{index}" at {@code utilization}; the rest
   *     idle at 0 %
   */
  public static HostSample host(String host, String pool, long sequence, Instant at, int gpus,
      int busy, double utilization) {
    return host(host, pool, sequence, at, gpus, busy, utilization, null);
  }

  /** As {@link #host}, every workload declaring {@code workloadLabels} (gang, anti-affinity). */
  public static HostSample host(String host, String pool, long sequence, Instant at, int gpus,
      int busy, double utilization, Map<String, String> workloadLabels) {
    List<GpuSample> list = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      boolean running = i < busy;
      List<GpuProcess> processes = running
          ? List.of(new GpuProcess(1000 + i, 20L << 30, new WorkloadRef(
              WorkloadKind.KUBERNETES_POD, "w-" + host + "-" + i, null, null, workloadLabels)))
          : List.of();
      list.add(new GpuSample(i, "GPU-" + host + "-" + i, "NVIDIA H100 80GB HBM3", null,
          GpuHealth.OK, running ? utilization : 0.0, running ? utilization / 2 : 0.0,
          running ? 20L << 30 : 0L, running ? GPU_MEMORY - (20L << 30) : GPU_MEMORY, GPU_MEMORY,
          running ? 500.0 : 70.0, 700.0, null, running ? 70 : 35, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, processes, null));
    }
    return new HostSample(host, "c1", pool, Map.of("rack", "r1"), sequence, at, 1000, list,
        List.of(new DiskSample("nvme0n1", null, null, null, null, 12.0, null, null, null)),
        List.of(),
        List.of(new NicSample("eth0", NicKind.ETHERNET, null, null, null, null, null, null, null,
            null, 100000L, 30.0)),
        null);
  }

  /** {@code sample} with these disks, filesystems and NICs instead of its own. */
  public static HostSample withDevices(HostSample sample, List<DiskSample> disks,
      List<FilesystemSample> filesystems, List<NicSample> nics) {
    return new HostSample(sample.hostId(), sample.cluster(), sample.pool(), sample.labels(),
        sample.sequence(), sample.timestamp(), sample.intervalMs(), sample.gpus(), disks,
        filesystems, nics, sample.host());
  }

  /** {@code sample} with these GPUs instead of its own. */
  public static HostSample withGpus(HostSample sample, List<GpuSample> gpus) {
    return new HostSample(sample.hostId(), sample.cluster(), sample.pool(), sample.labels(),
        sample.sequence(), sample.timestamp(), sample.intervalMs(), gpus, sample.disks(),
        sample.filesystems(), sample.nics(), sample.host());
  }

  /** A GPU with only its frame buffer figures (null: NVML did not say). */
  public static GpuSample gpu(int index, Long memoryUsedBytes, Long memoryTotalBytes) {
    return new GpuSample(index, "GPU-" + index, null, null, GpuHealth.OK, null, null,
        memoryUsedBytes, null, memoryTotalBytes, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** A whole disk with read and write rates, bytes per second (null: not measured yet). */
  public static DiskSample disk(String device, Double readBytesPerSecond,
      Double writeBytesPerSecond) {
    return new DiskSample(device, readBytesPerSecond, writeBytesPerSecond, null, null, null, null,
        null, null);
  }

  /** A NIC with rates in bytes per second and its link speed, Mb/s (null: unknown). */
  public static NicSample nic(String name, Double rxBytesPerSecond, Double txBytesPerSecond,
      Long linkSpeedMbps) {
    return new NicSample(name, NicKind.ETHERNET, rxBytesPerSecond, txBytesPerSecond, null, null,
        null, null, null, null, linkSpeedMbps, null);
  }
}
