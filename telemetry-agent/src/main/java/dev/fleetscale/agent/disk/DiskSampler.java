package dev.fleetscale.agent.disk;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.rate.Counters;
import dev.fleetscale.contracts.telemetry.DiskSample;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-device rates from two successive reads of /proc/diskstats.
 *
 * <p>A device seen for the first time (the first sample, or a hot-plugged disk) has no rate yet and
 * is left out until its second reading; a device that disappeared is dropped with its state. Only
 * whole disks are sampled: a name is a whole disk when {@code /sys/block/<name>} exists (partitions
 * live one level below), which keeps partition traffic from being counted twice.
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample(long)}.
 */
public final class DiskSampler {

  private final KernelPaths paths;
  private final Pattern exclude;
  private Map<String, DiskCounters> previous = Map.of();
  /** Whole-disk decisions of the devices present, so /sys/block is checked once per device. */
  private Map<String, Boolean> wholeDisk = new HashMap<>();
  private long previousNanos;

  /**
   * @param paths where /proc and /sys are
   * @param exclude device names to skip (loop, ram, optical drives by default)
   */
  public DiskSampler(KernelPaths paths, Pattern exclude) {
    this.paths = paths;
    this.exclude = exclude;
  }

  /**
   * Reads the counters now and returns the rates since the previous call, NVMe devices first.
   *
   * @param nowNanos a monotonic timestamp ({@link System#nanoTime()}) of this reading
   */
  public List<DiskSample> sample(long nowNanos) throws IOException {
    Map<String, DiskCounters> current = new HashMap<>();
    Map<String, Boolean> wholeDiskNow = new HashMap<>();
    boolean knowsWholeDisks = Files.isDirectory(paths.sys("block"));
    for (Map.Entry<String, DiskCounters> e :
        DiskCounters.parse(KernelPaths.lines(paths.proc("diskstats"))).entrySet()) {
      String device = e.getKey();
      if (exclude.matcher(device).matches()) {
        continue;
      }
      Boolean whole = wholeDisk.get(device);
      if (whole == null) {
        whole = !knowsWholeDisks || Files.isDirectory(paths.sys("block").resolve(device));
      }
      wholeDiskNow.put(device, whole);
      if (!whole) {
        continue;
      }
      current.put(device, e.getValue());
    }
    List<DiskSample> samples = new ArrayList<>(current.size());
    long elapsedNanos = nowNanos - previousNanos;
    if (!previous.isEmpty() && elapsedNanos > 0) {
      for (Map.Entry<String, DiskCounters> e : current.entrySet()) {
        DiskCounters before = previous.get(e.getKey());
        if (before != null) {
          samples.add(rates(e.getKey(), before, e.getValue(), elapsedNanos));
        }
      }
    }
    samples.sort(NVME_FIRST);
    previous = current;
    previousNanos = nowNanos;
    wholeDisk = wholeDiskNow;
    return samples;
  }

  static DiskSample rates(String device, DiskCounters a, DiskCounters b, long elapsedNanos) {
    long reads = Counters.increase(a.reads(), b.reads());
    long writes = Counters.increase(a.writes(), b.writes());
    long readMillis = Counters.increase(a.readMillis(), b.readMillis());
    long writeMillis = Counters.increase(a.writeMillis(), b.writeMillis());
    double elapsedMillis = elapsedNanos / 1e6;
    double busy = Counters.increase(a.busyMillis(), b.busyMillis()) / elapsedMillis * 100.0;
    return new DiskSample(
        device,
        Counters.perSecond(
                Counters.increase(a.sectorsRead(), b.sectorsRead()), elapsedNanos)
            * DiskCounters.SECTOR_BYTES,
        Counters.perSecond(
                Counters.increase(a.sectorsWritten(), b.sectorsWritten()), elapsedNanos)
            * DiskCounters.SECTOR_BYTES,
        Counters.perSecond(reads, elapsedNanos),
        Counters.perSecond(writes, elapsedNanos),
        // io_ticks is sampled by the kernel on request boundaries, so it can overshoot the
        // wall-clock interval by a tick; iostat clamps the same way.
        Math.min(100.0, busy),
        Counters.increase(a.weightedMillis(), b.weightedMillis()) / elapsedMillis,
        // No operations means no latency was observed; 0 as iostat's r_await/w_await print it.
        reads == 0 ? 0.0 : (double) readMillis / reads,
        writes == 0 ? 0.0 : (double) writeMillis / writes);
  }

  /** NVMe first (the devices GPU jobs read checkpoints and datasets from), then by name. */
  static final Comparator<DiskSample> NVME_FIRST =
      Comparator.comparing((DiskSample d) -> !d.device().startsWith("nvme"))
          .thenComparing(DiskSample::device);
}
