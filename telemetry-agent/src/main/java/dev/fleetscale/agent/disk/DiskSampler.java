package dev.fleetscale.agent.disk;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.rate.Counters;
import dev.fleetscale.agent.rate.RateGuard;
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
 * <p>Counters go through a {@link RateGuard}: a counter that went down was reset (the device was
 * re-created under the same name, a driver reload) and what it measures is absent for that
 * interval, never read as a wrap unless it was near its maximum (see {@link Counters}). Byte rates
 * are clamped to the configured bandwidth of one device ({@code disks.maxBytesPerSecond}, per
 * direction) and operation rates to that bandwidth over one 512-byte sector per operation;
 * the millisecond counters are bounded by the wall clock (busy time) and by {@value
 * #MAX_IN_FLIGHT} requests in flight (read, write and weighted time).
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample(long)}.
 */
public final class DiskSampler {

  /** What a disk is taken to do when the configuration does not say: 32 GB/s per direction. */
  public static final double DEFAULT_MAX_BYTES_PER_SECOND = 32e9;

  /** The most requests one device can have in flight, for the millisecond-counter bounds. */
  static final int MAX_IN_FLIGHT = 65_536;

  private final KernelPaths paths;
  private final double maxBytesPerSecond;
  private final RateGuard guard;
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
    this(paths, exclude, DEFAULT_MAX_BYTES_PER_SECOND, new RateGuard());
  }

  /**
   * @param paths where /proc and /sys are
   * @param exclude device names to skip
   * @param maxBytesPerSecond what one device can read (or write) per second, &gt; 0
   * @param guard counts resets and clamped rates (may be shared with the other samplers)
   */
  public DiskSampler(
      KernelPaths paths, Pattern exclude, double maxBytesPerSecond, RateGuard guard) {
    if (!(maxBytesPerSecond > 0) || Double.isInfinite(maxBytesPerSecond)) {
      throw new IllegalArgumentException(
          "maxBytesPerSecond must be a positive number, was " + maxBytesPerSecond);
    }
    this.paths = paths;
    this.exclude = exclude;
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.guard = guard;
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

  DiskSample rates(String device, DiskCounters a, DiskCounters b, long elapsedNanos) {
    double maxOps = maxBytesPerSecond / DiskCounters.SECTOR_BYTES;
    long maxOpsIncrease = Counters.maxIncrease(maxOps, elapsedNanos);
    long reads = guard.increase(a.reads(), b.reads(), maxOpsIncrease);
    long writes = guard.increase(a.writes(), b.writes(), maxOpsIncrease);
    // Milliseconds of request time: at most MAX_IN_FLIGHT requests for the whole interval.
    long maxRequestMillis = Counters.maxIncrease(MAX_IN_FLIGHT * 1000.0, elapsedNanos);
    long readMillis = guard.increase(a.readMillis(), b.readMillis(), maxRequestMillis);
    long writeMillis = guard.increase(a.writeMillis(), b.writeMillis(), maxRequestMillis);
    long weightedMillis = guard.increase(a.weightedMillis(), b.weightedMillis(), maxRequestMillis);
    // Busy time: at most the interval; twice it bounds the kernel's tick overshoot generously.
    long busyMillis =
        guard.increase(a.busyMillis(), b.busyMillis(), Counters.maxIncrease(2000.0, elapsedNanos));
    double elapsedMillis = elapsedNanos / 1e6;
    Double readBytes =
        guard.perSecond(a.sectorsRead(), b.sectorsRead(), elapsedNanos, maxOps);
    Double writeBytes =
        guard.perSecond(a.sectorsWritten(), b.sectorsWritten(), elapsedNanos, maxOps);
    return new DiskSample(
        device,
        readBytes == null ? null : readBytes * DiskCounters.SECTOR_BYTES,
        writeBytes == null ? null : writeBytes * DiskCounters.SECTOR_BYTES,
        reads == Counters.UNKNOWN ? null : guard.clamp(Counters.perSecond(reads, elapsedNanos), maxOps),
        writes == Counters.UNKNOWN ? null : guard.clamp(Counters.perSecond(writes, elapsedNanos), maxOps),
        // io_ticks is sampled by the kernel on request boundaries, so it can overshoot the
        // wall-clock interval by a tick; iostat clamps the same way.
        busyMillis == Counters.UNKNOWN ? null : Math.min(100.0, busyMillis / elapsedMillis * 100.0),
        weightedMillis == Counters.UNKNOWN
            ? null
            : guard.clamp(weightedMillis / elapsedMillis, MAX_IN_FLIGHT),
        latency(readMillis, reads),
        latency(writeMillis, writes));
  }

  /**
   * Average time per operation: unknown if either counter was reset; no operations means no
   * latency was observed, 0 as iostat's r_await/w_await print it.
   */
  private static Double latency(long millis, long operations) {
    if (millis == Counters.UNKNOWN || operations == Counters.UNKNOWN) {
      return null;
    }
    return operations == 0 ? 0.0 : (double) millis / operations;
  }

  /** NVMe first (the devices GPU jobs read checkpoints and datasets from), then by name. */
  static final Comparator<DiskSample> NVME_FIRST =
      Comparator.comparing((DiskSample d) -> !d.device().startsWith("nvme"))
          .thenComparing(DiskSample::device);
}
