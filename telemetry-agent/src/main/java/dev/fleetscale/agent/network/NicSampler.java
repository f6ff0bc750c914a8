package dev.fleetscale.agent.network;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.rate.Counters;
import dev.fleetscale.contracts.telemetry.NicSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-interface rates from successive readings of /proc/net/dev plus the RDMA port counters under
 * /sys/class/infiniband.
 *
 * <p>An interface seen for the first time (the first sample, a hot-plugged NIC, a new VF) gets no
 * sample until its second reading; one that disappeared is dropped with its state. Counter wrap is
 * handled by {@link Counters#increase}. Utilization is the busier direction's bits per second over
 * the link speed, capped at 100 (a link renegotiated mid-interval can overshoot).
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample(long)}.
 */
public final class NicSampler {

  private final NetDevReader netDev;
  private final InfinibandReader infiniband;
  private Map<String, NicCounters> previous = Map.of();
  private long previousNanos;

  /**
   * @param paths where /proc and /sys are
   * @param exclude interface names to skip (loopback, container veths and bridges by default)
   */
  public NicSampler(KernelPaths paths, Pattern exclude) {
    this.netDev = new NetDevReader(paths, exclude);
    this.infiniband = new InfinibandReader(paths);
  }

  /**
   * Reads the counters now and returns the rates since the previous call: kernel interfaces in
   * /proc/net/dev order, then RDMA ports by name.
   *
   * @param nowNanos a monotonic timestamp ({@link System#nanoTime()}) of this reading
   */
  public List<NicSample> sample(long nowNanos) throws IOException {
    Map<String, NicCounters> current = new LinkedHashMap<>(netDev.read());
    current.putAll(infiniband.read());
    List<NicSample> samples = new ArrayList<>(current.size());
    long elapsedNanos = nowNanos - previousNanos;
    if (!previous.isEmpty() && elapsedNanos > 0) {
      for (Map.Entry<String, NicCounters> e : current.entrySet()) {
        NicCounters before = previous.get(e.getKey());
        if (before != null) {
          samples.add(rates(e.getKey(), before, e.getValue(), elapsedNanos));
        }
      }
    }
    previous = current;
    previousNanos = nowNanos;
    return samples;
  }

  static NicSample rates(String name, NicCounters a, NicCounters b, long elapsedNanos) {
    double rx = Counters.perSecond(Counters.increase(a.rxBytes(), b.rxBytes()), elapsedNanos);
    double tx = Counters.perSecond(Counters.increase(a.txBytes(), b.txBytes()), elapsedNanos);
    Double utilization = null;
    if (b.linkSpeedMbps() != null) {
      utilization = Math.min(100.0, Math.max(rx, tx) * 8 / (b.linkSpeedMbps() * 1e6) * 100.0);
    }
    return new NicSample(
        name,
        b.kind(),
        rx,
        tx,
        Counters.perSecond(Counters.increase(a.rxPackets(), b.rxPackets()), elapsedNanos),
        Counters.perSecond(Counters.increase(a.txPackets(), b.txPackets()), elapsedNanos),
        b.rxErrors(),
        b.txErrors(),
        b.rxDrops(),
        b.txDrops(),
        b.linkSpeedMbps(),
        utilization);
  }
}
