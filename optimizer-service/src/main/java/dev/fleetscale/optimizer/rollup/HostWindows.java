package dev.fleetscale.optimizer.rollup;

import dev.fleetscale.contracts.telemetry.DiskSample;
import dev.fleetscale.contracts.telemetry.GpuHealth;
import dev.fleetscale.contracts.telemetry.GpuProcess;
import dev.fleetscale.contracts.telemetry.GpuSample;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The open windows of one host. Samples of a host arrive in order (one partition, key host id),
 * so a window closes when the first sample of a later window arrives: event time, no timers, and
 * a replay closes the same windows with the same contents.
 *
 * <p>After a restart the first window of each size may have begun before the replayed offsets:
 * such a window is incomplete (its point was already written before the crash) and is dropped
 * rather than overwritten with a partial aggregate.
 *
 * <p>Not thread-safe: owned by the thread that consumes the host's partition.
 */
public final class HostWindows {

  /** A closed window, ready to write and (for 10 s) to send to the pool stage. */
  public record Closed(WindowSize size, Instant end, HostSample last, Map<RollupMetric,
      Stat.Summary> host, Map<Integer, Map<RollupMetric, Stat.Summary>> gpus, int samples,
      HostWindowSummary summary, Map<Integer, Xids> xids) {}

  /**
   * The Xid errors of one GPU in a window: how many, and the code of the latest. Kept per window
   * because a sample carries only its own interval's Xids: the window's last sample alone would
   * miss those of the others.
   */
  public record Xids(long count, long last) {}

  private final class Open {
    final WindowSize size;
    final Instant end;
    final boolean complete;
    final Map<RollupMetric, Stat> host = new EnumMap<>(RollupMetric.class);
    final Map<Integer, Map<RollupMetric, Stat>> gpus = new TreeMap<>();
    final Map<Integer, String> uuids = new TreeMap<>();
    final HostResourceUse resources = new HostResourceUse(rejections);
    int samples;
    final Map<Integer, Xids> xids = new TreeMap<>();
    boolean healthy = true;
    Integer temperatureMax;
    HostSample last;

    Open(WindowSize size, Instant end, boolean complete) {
      this.size = size;
      this.end = end;
      this.complete = complete;
    }

    Stat host(RollupMetric m) {
      return host.computeIfAbsent(m, k -> new Stat());
    }

    Map<RollupMetric, Stat> gpu(int index) {
      return gpus.computeIfAbsent(index, k -> new EnumMap<>(RollupMetric.class));
    }
  }

  private final Map<WindowSize, Open> open = new EnumMap<>(WindowSize.class);
  private final SampleRejections rejections;
  private Instant lastTimestamp;

  /** Windows whose impossible samples are counted nowhere else (tests, benchmarks). */
  public HostWindows() {
    this(new SampleRejections());
  }

  /** Windows counting samples left out of the capacity peaks in {@code rejections}. */
  public HostWindows(SampleRejections rejections) {
    this.rejections = rejections;
  }

  /**
   * Adds a sample; closed windows go to {@code sink} (10 s first, then longer ones).
   *
   * @return false if the sample was older than one already seen (dropped: samples of a host are
   *     ordered, so it is a duplicate from a producer retry)
   */
  public boolean add(HostSample sample, Consumer<Closed> sink) {
    Instant t = sample.timestamp();
    if (lastTimestamp != null && !t.isAfter(lastTimestamp)) {
      return false;
    }
    boolean first = lastTimestamp == null;
    lastTimestamp = t;
    for (WindowSize size : WindowSize.values()) {
      Instant end = size.endOf(t.minusMillis(1));
      Open window = open.get(size);
      if (window != null && window.end.isBefore(end)) {
        close(window, sink);
        window = null;
      }
      if (window == null) {
        // Complete only if this sample is the first of the window: on a fresh start (first) we
        // cannot know whether earlier samples of the window were consumed before a restart,
        // unless the previous sample's interval ends before the window began.
        Instant start = end.minus(size.length());
        boolean complete = !first
            || !t.minusMillis(Math.max(1, sample.intervalMs())).isAfter(start);
        window = new Open(size, end, complete);
        open.put(size, window);
      }
      if (size == WindowSize.S10) {
        addRaw(window, sample);
      }
    }
    return true;
  }

  private static void addRaw(Open w, HostSample sample) {
    w.samples++;
    w.last = sample;
    w.resources.add(sample);
    double utilSum = 0;
    double memSum = 0;
    double fbSum = 0;
    double powerSum = 0;
    double tempSum = 0;
    int util = 0;
    int mem = 0;
    int fb = 0;
    int power = 0;
    int temp = 0;
    for (GpuSample g : sample.gpus()) {
      if (g.health() != GpuHealth.OK || Boolean.TRUE.equals(g.remappedRowsFailure())) {
        w.healthy = false;
      }
      w.uuids.put(g.index(), g.uuid());
      if (g.xids() != null && !g.xids().isEmpty()) {
        long latest = g.xids().get(g.xids().size() - 1).xid();
        w.xids.merge(g.index(), new Xids(g.xids().size(), latest),
            (a, b) -> new Xids(a.count() + b.count(), b.last()));
      }
      Map<RollupMetric, Stat> stats = w.gpu(g.index());
      if (g.gpuUtilizationPercent() != null) {
        stat(stats, RollupMetric.GPU_UTIL).add(g.gpuUtilizationPercent());
        utilSum += g.gpuUtilizationPercent();
        util++;
      }
      if (g.memoryUtilizationPercent() != null) {
        stat(stats, RollupMetric.MEM_COPY_UTIL).add(g.memoryUtilizationPercent());
        memSum += g.memoryUtilizationPercent();
        mem++;
      }
      if (g.memoryUsedBytes() != null && g.memoryTotalBytes() != null
          && g.memoryTotalBytes() > 0) {
        double pct = 100.0 * g.memoryUsedBytes() / g.memoryTotalBytes();
        stat(stats, RollupMetric.FB_USED).add(pct);
        fbSum += pct;
        fb++;
      }
      if (g.powerUsageWatts() != null) {
        stat(stats, RollupMetric.POWER).add(g.powerUsageWatts());
        powerSum += g.powerUsageWatts();
        power++;
      }
      if (g.temperatureC() != null) {
        stat(stats, RollupMetric.TEMPERATURE).add(g.temperatureC());
        tempSum += g.temperatureC();
        temp++;
        w.temperatureMax = w.temperatureMax == null ? g.temperatureC()
            : Math.max(w.temperatureMax, g.temperatureC());
      }
    }
    // Host level: GPU metrics averaged over the host's GPUs (power summed: the host draws it all).
    if (util > 0) {
      w.host(RollupMetric.GPU_UTIL).add(utilSum / util);
    }
    if (mem > 0) {
      w.host(RollupMetric.MEM_COPY_UTIL).add(memSum / mem);
    }
    if (fb > 0) {
      w.host(RollupMetric.FB_USED).add(fbSum / fb);
    }
    if (power > 0) {
      w.host(RollupMetric.POWER).add(powerSum);
    }
    if (temp > 0) {
      w.host(RollupMetric.TEMPERATURE).add(tempSum / temp);
    }
    // Disks and NICs: the busiest device, since one saturated device is what hurts.
    double disk = -1;
    for (DiskSample d : sample.disks()) {
      if (d.utilizationPercent() != null) {
        disk = Math.max(disk, d.utilizationPercent());
      }
    }
    if (disk >= 0) {
      w.host(RollupMetric.DISK_UTIL).add(disk);
    }
    double nic = -1;
    for (NicSample n : sample.nics()) {
      if (n.utilizationPercent() != null) {
        nic = Math.max(nic, n.utilizationPercent());
      }
    }
    if (nic >= 0) {
      w.host(RollupMetric.NIC_UTIL).add(nic);
    }
  }

  private static Stat stat(Map<RollupMetric, Stat> stats, RollupMetric m) {
    Stat s = stats.get(m);
    if (s == null) {
      s = new Stat();
      stats.put(m, s);
    }
    return s;
  }

  private void close(Open w, Consumer<Closed> sink) {
    // Each aggregate once: the longer windows and the written point use the same summaries.
    Map<RollupMetric, Stat.Summary> host = new EnumMap<>(RollupMetric.class);
    w.host.forEach((m, s) -> host.put(m, s.summary()));
    Map<Integer, Map<RollupMetric, Stat.Summary>> gpus = new TreeMap<>();
    w.gpus.forEach((i, metrics) -> {
      Map<RollupMetric, Stat.Summary> one = new EnumMap<>(RollupMetric.class);
      metrics.forEach((m, s) -> one.put(m, s.summary()));
      gpus.put(i, one);
    });
    if (w.size == WindowSize.S10) {
      // Feed the closed 10 s window into the longer ones: they aggregate 10 s windows.
      for (WindowSize size : WindowSize.values()) {
        Open longer = open.get(size);
        if (size == WindowSize.S10 || longer == null) {
          continue;
        }
        longer.samples += w.samples;
        longer.last = w.last;
        longer.healthy &= w.healthy;
        w.xids.forEach((i, x) -> longer.xids.merge(i, x,
            (a, b) -> new Xids(a.count() + b.count(), b.last())));
        host.forEach((m, sum) -> longer.host(m).add(sum.mean(), sum.max()));
        gpus.forEach((i, metrics) -> {
          Map<RollupMetric, Stat> target = longer.gpu(i);
          metrics.forEach((m, sum) ->
              target.computeIfAbsent(m, k -> new Stat()).add(sum.mean(), sum.max()));
        });
      }
    }
    if (!w.complete || w.samples == 0) {
      return;
    }
    HostWindowSummary summary = w.size == WindowSize.S10 ? summarize(w, host, gpus) : null;
    sink.accept(new Closed(w.size, w.end, w.last, host, gpus, w.samples, summary,
        Map.copyOf(w.xids)));
  }

  private static HostWindowSummary summarize(Open w, Map<RollupMetric, Stat.Summary> host,
      Map<Integer, Map<RollupMetric, Stat.Summary>> gpus) {
    HostSample last = w.last;
    Map<String, Stat.Summary> hostByField = new LinkedHashMap<>();
    host.forEach((m, s) -> hostByField.put(m.field(), s));
    long minMemory = 0;
    double powerLimit = 0;
    // workload id -> [gpus, max memory per gpu, util sum, power sum]
    Map<String, double[]> workloads = new TreeMap<>();
    // workload id -> its scheduling labels (gang, anti-affinity), as its first process declared
    Map<String, Map<String, String>> labels = new HashMap<>();
    for (GpuSample g : last.gpus()) {
      if (g.memoryTotalBytes() != null) {
        minMemory = minMemory == 0 ? g.memoryTotalBytes() : Math.min(minMemory,
            g.memoryTotalBytes());
      }
      if (g.powerLimitWatts() != null) {
        powerLimit += g.powerLimitWatts();
      }
      if (g.processes() == null) {
        continue;
      }
      java.util.Set<String> onThisGpu = new java.util.HashSet<>();
      for (GpuProcess p : g.processes()) {
        if (p.workload() == null || !onThisGpu.add(p.workload().id())) {
          continue;
        }
        double[] acc = workloads.computeIfAbsent(p.workload().id(), k -> new double[4]);
        if (p.workload().labels() != null) {
          labels.putIfAbsent(p.workload().id(), p.workload().labels());
        }
        acc[0] += 1;
        acc[1] = Math.max(acc[1], p.usedMemoryBytes() == null ? 0 : p.usedMemoryBytes());
        acc[2] += g.gpuUtilizationPercent() == null ? 0 : g.gpuUtilizationPercent();
        acc[3] += g.powerUsageWatts() == null ? 0 : g.powerUsageWatts();
      }
    }
    List<HostWindowSummary.WorkloadWindow> workloadWindows = new ArrayList<>();
    workloads.forEach((id, acc) -> workloadWindows.add(new HostWindowSummary.WorkloadWindow(id,
        (int) acc[0], (long) acc[1], acc[2] / acc[0], acc[3], labels.get(id))));
    String rack = last.labels() == null ? null : last.labels().get("rack");
    return new HostWindowSummary(HostWindowSummary.FORMAT_VERSION, last.hostId(), last.cluster(),
        last.pool(), rack, w.end, w.samples, w.healthy, last.gpus().size(), minMemory, powerLimit,
        w.temperatureMax, hostByField, workloadWindows, w.resources.summary());
  }
}
