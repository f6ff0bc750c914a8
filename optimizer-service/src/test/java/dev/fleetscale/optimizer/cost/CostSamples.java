package dev.fleetscale.optimizer.cost;

import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Host samples for the cost tests: GPUs with utilization, power, energy and holders. */
final class CostSamples {

  /** An hour boundary (2026-12-01T10:00Z). */
  static final Instant H = Instant.parse("2026-12-01T10:00:00Z");

  private CostSamples() {}

  /** A process of {@code workload} using {@code memoryBytes} (null: unknown). */
  static GpuProcess proc(String workload, Long memoryBytes) {
    return proc(workload, memoryBytes, null);
  }

  static GpuProcess proc(String workload, Long memoryBytes, Map<String, String> labels) {
    return new GpuProcess(workload.hashCode() & 0xffff, memoryBytes,
        new WorkloadRef(WorkloadKind.KUBERNETES_POD, workload, "ns/" + workload, null, labels));
  }

  /** A GPU at {@code util} % (null: not reported) drawing {@code watts}, held by {@code procs}. */
  static GpuSample gpu(int index, Double util, Double watts, Long energyMj, boolean mig,
      List<GpuProcess> procs) {
    return new GpuSample(index, "GPU-" + index, "NVIDIA H100 80GB HBM3", null, GpuHealth.OK,
        util, null, null, null, 80L << 30, watts, 700.0, energyMj, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, mig, procs, null);
  }

  static HostSample host(String host, String pool, Instant at, long intervalMs,
      List<GpuSample> gpus) {
    return host(host, pool, at, intervalMs, gpus, 0);
  }

  static HostSample host(String host, String pool, Instant at, long intervalMs,
      List<GpuSample> gpus, int disks) {
    List<DiskSample> d = new ArrayList<>();
    for (int i = 0; i < disks; i++) {
      d.add(new DiskSample("nvme" + i + "n1", 0.0, 0.0, null, null, null, null, null, null));
    }
    return new HostSample(host, "c1", pool, null, at.toEpochMilli(), at, intervalMs, gpus, d,
        List.of(), List.of(), null);
  }
}
