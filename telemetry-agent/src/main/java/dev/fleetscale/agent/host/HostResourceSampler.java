package dev.fleetscale.agent.host;

import dev.fleetscale.agent.kernel.Fields;
import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.rate.Counters;
import dev.fleetscale.contracts.telemetry.HostResources;
import java.io.IOException;
import java.util.List;

/**
 * Host CPU utilization (from /proc/stat deltas), memory (/proc/meminfo) and load (/proc/loadavg).
 *
 * <p>CPU busy time is everything but idle and iowait, as top and mpstat count it; guest time is
 * already inside user and nice, so it is not added again. The first sample has no CPU
 * utilization (null). Memory used is MemTotal minus MemAvailable (what free(1) calls "used" since
 * procps 3.3.10), not minus MemFree, so page cache does not count as used.
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample()}.
 */
public final class HostResourceSampler {

  private final Fields fields = new Fields();

  private final KernelPaths paths;
  private long previousBusy = -1;
  private long previousTotal = -1;

  public HostResourceSampler(KernelPaths paths) {
    this.paths = paths;
  }

  public HostResources sample() throws IOException {
    Double cpuPercent = null;
    int cpus = 0;
    for (String line : KernelPaths.lines(paths.proc("stat"))) {
      if (line.startsWith("cpu ")) {
        cpuPercent = cpuPercent(fields.of(line));
      } else if (line.startsWith("cpu")) {
        cpus++;
      }
    }
    Long totalKb = null;
    Long availableKb = null;
    for (String line : KernelPaths.lines(paths.proc("meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        totalKb = kilobytes(line);
      } else if (line.startsWith("MemAvailable:")) {
        availableKb = kilobytes(line);
      }
    }
    return new HostResources(
        cpuPercent,
        cpus == 0 ? null : cpus,
        totalKb == null || availableKb == null ? null : (totalKb - availableKb) * 1024,
        totalKb == null ? null : totalKb * 1024,
        load1());
  }

  private Double cpuPercent(Fields f) {
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    if (f.count() < 5) {
      return null;
    }
    long total = 0;
    for (int i = 1; i < Math.min(f.count(), 9); i++) {
      total += f.unsigned(i);
    }
    long idle = f.unsigned(4) + (f.count() > 5 ? f.unsigned(5) : 0);
    long busy = total - idle;
    Double percent = null;
    if (previousTotal >= 0) {
      long dTotal = Counters.increase(previousTotal, total, Counters.UNBOUNDED);
      if (dTotal > 0) {
        // iowait can go backwards on some kernels (it is an estimate), so clamp, not trust.
        long dBusy = Math.max(0, busy - previousBusy);
        percent = Math.min(100.0, 100.0 * dBusy / dTotal);
      }
    }
    previousBusy = busy;
    previousTotal = total;
    return percent;
  }

  private Long kilobytes(String line) {
    Fields f = fields.of(line);
    try {
      return f.count() >= 2 ? f.unsigned(1) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Double load1() throws IOException {
    List<String> lines = KernelPaths.lines(paths.proc("loadavg"));
    if (lines.isEmpty()) {
      return null;
    }
    try {
      Fields f = fields.of(lines.get(0));
      return f.count() == 0 ? null : Double.parseDouble(f.text(0));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
