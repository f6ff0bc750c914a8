package dev.fleetscale.optimizer.cost;

import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.WorkloadKind;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one host's GPUs did in one 1 h window, in GPU-microseconds and millijoules: for each GPU
 * the time it was observed, and of that time who held it (per workload), how much of the held
 * time was used (utilization-weighted), and the energy each holder drew. Money is computed from
 * it only at the window's end ({@link CostAllocator}), so a rate is applied once per window.
 * Not thread-safe: owned by the host's {@link HostCostTracker}.
 */
public final class HostCostWindow {

  /** Holder of a GPU whose processes no scheduler owns and the agent could not attribute. */
  public static final String UNATTRIBUTED = "__unattributed__";

  /** A workload as the telemetry names it. */
  public record WorkloadInfo(String id, String kind, String name, Map<String, String> labels) {}

  /** One holder of one GPU: milliseconds held, used, idle, and millijoules drawn. */
  static final class Hold {
    long heldUs;
    double usedUs;
    long idleHeldUs;
    long unmeasuredUs;
    long energyMj;
  }

  /** One GPU over the window. */
  static final class Gpu {
    long observedUs;
    long unallocatedUs;
    long unallocatedEnergyMj;
    boolean mig;
    final Map<String, Hold> holds = new TreeMap<>();
  }

  final String cluster;
  final String pool;
  final String host;
  final Instant start;
  final Instant end;
  final boolean complete;
  String gpuName;
  int gpuCount;
  int disks;
  long hostUs;
  final Map<Integer, Gpu> gpus = new TreeMap<>();
  final Map<String, WorkloadInfo> workloads = new LinkedHashMap<>();

  HostCostWindow(String cluster, String pool, String host, Instant start, Instant end,
      boolean complete) {
    this.cluster = cluster;
    this.pool = pool;
    this.host = host;
    this.start = start;
    this.end = end;
    this.complete = complete;
  }

  public Instant end() {
    return end;
  }

  public boolean complete() {
    return complete;
  }

  /**
   * Adds {@code ms} milliseconds of one sample: the GPUs as sampled, each drawing
   * {@code energyMj[i]} millijoules over those milliseconds (index as in {@code gpuSamples}).
   * Time is kept in microseconds so that splitting a sample among holders (one unit of remainder
   * to the first) favours nobody measurably.
   */
  void add(long ms, List<GpuSample> gpuSamples, long[] energyMj, int diskCount) {
    if (ms <= 0) {
      return;
    }
    long us = ms * 1000;
    hostUs += us;
    disks = Math.max(disks, diskCount);
    gpuCount = Math.max(gpuCount, gpuSamples.size());
    for (int i = 0; i < gpuSamples.size(); i++) {
      GpuSample g = gpuSamples.get(i);
      if (gpuName == null && g.name() != null) {
        gpuName = g.name();
      }
      Gpu gpu = gpus.computeIfAbsent(g.index(), k -> new Gpu());
      gpu.observedUs += us;
      gpu.mig |= Boolean.TRUE.equals(g.migModeEnabled());
      Map<String, Long> memory = holders(g);
      if (memory.isEmpty()) {
        gpu.unallocatedUs += us;
        gpu.unallocatedEnergyMj += energyMj[i];
        continue;
      }
      List<String> ids = new ArrayList<>(memory.keySet());
      long[] weights = weights(ids, memory, Boolean.TRUE.equals(g.migModeEnabled()));
      long[] held = Shares.split(us, weights);
      long[] energy = Shares.split(energyMj[i], held);
      Double util = g.gpuUtilizationPercent();
      for (int k = 0; k < ids.size(); k++) {
        Hold h = gpu.holds.computeIfAbsent(ids.get(k), id -> new Hold());
        h.heldUs += held[k];
        h.energyMj += energy[k];
        if (util == null) {
          h.unmeasuredUs += held[k];
        } else {
          h.usedUs += held[k] * Math.max(0, Math.min(100, util)) / 100.0;
          if (util <= 0) {
            h.idleHeldUs += held[k];
          }
        }
      }
    }
  }

  /**
   * The GPU's holders and the frame buffer each uses (-1 where unknown), in process order. A
   * process without attribution holds the GPU as {@link #UNATTRIBUTED}.
   */
  private Map<String, Long> holders(GpuSample g) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (g.processes() == null) {
      return out;
    }
    for (GpuProcess p : g.processes()) {
      WorkloadRef w = p.workload();
      String id = w == null ? UNATTRIBUTED : w.id();
      if (!workloads.containsKey(id)) {
        workloads.put(id, w == null
            ? new WorkloadInfo(id, WorkloadKind.PROCESS.name(), null, null)
            : new WorkloadInfo(id, w.kind().name(), w.name(), w.labels()));
      }
      long mem = p.usedMemoryBytes() == null ? -1 : p.usedMemoryBytes();
      out.merge(id, mem, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    }
    return out;
  }

  /**
   * How the holders of one GPU share it. A MIG instance's memory slice is proportional to its
   * compute slice (1g.10gb is one seventh of the SMs and one eighth of the memory), and the
   * telemetry carries each process's memory but not its instance, so under MIG the holders share
   * by frame buffer used; where any is unknown (NVML without privileges), or without MIG
   * (time-slicing: every holder can use the whole GPU), equally.
   */
  private static long[] weights(List<String> ids, Map<String, Long> memory, boolean mig) {
    long[] w = new long[ids.size()];
    boolean byMemory = mig;
    long sum = 0;
    for (int k = 0; k < ids.size(); k++) {
      long m = memory.get(ids.get(k));
      if (m < 0) {
        byMemory = false;
      }
      w[k] = m;
      sum += Math.max(0, m);
    }
    if (!byMemory || sum == 0) {
      java.util.Arrays.fill(w, 1);
    }
    return w;
  }
}
