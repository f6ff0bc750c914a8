package dev.fleetscale.agent.network;

import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.rate.RateGuard;
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
 * sample until its second reading; one that disappeared is dropped with its state.
 *
 * <p>Counters go through a {@link RateGuard}: a counter that went down was reset (driver reload,
 * NIC reset) and its rate for that interval is absent, never read as a wrap unless it was near
 * its maximum (see {@link dev.fleetscale.agent.rate.Counters}). Byte rates are clamped to the link
 * speed (the faster of the two readings' speeds, per direction) and packet rates to that speed
 * over {@value #MIN_PACKET_BYTES} bytes per packet; a link whose speed is unknown is not clamped.
 * Utilization is the busier direction's bits per second over the current link speed, capped at
 * 100 (a link renegotiated down mid-interval can overshoot); absent when a byte rate is.
 *
 * <p>Not thread-safe: one sampling thread calls {@link #sample(long)}.
 */
public final class NicSampler {

  /**
   * Fewest bytes a packet occupies on the link, for the packet-rate bound: below the 64-byte
   * Ethernet minimum frame and the smallest InfiniBand packet, so a real rate is never clamped.
   */
  static final int MIN_PACKET_BYTES = 16;

  private final NetDevReader netDev;
  private final RateGuard guard;
  private final InfinibandReader infiniband;
  private Map<String, NicCounters> previous = Map.of();
  private long previousNanos;

  /**
   * @param paths where /proc and /sys are
   * @param exclude interface names to skip (loopback, container veths and bridges by default)
   */
  public NicSampler(KernelPaths paths, Pattern exclude) {
    this(paths, exclude, new RateGuard());
  }

  /**
   * @param paths where /proc and /sys are
   * @param exclude interface names to skip
   * @param guard counts resets and clamped rates (may be shared with the other samplers)
   */
  public NicSampler(KernelPaths paths, Pattern exclude, RateGuard guard) {
    this.netDev = new NetDevReader(paths, exclude);
    this.infiniband = new InfinibandReader(paths);
    this.guard = guard;
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

  NicSample rates(String name, NicCounters a, NicCounters b, long elapsedNanos) {
    // What the link could carry in the interval, per direction: the faster of its two speeds.
    double maxBytes = Math.max(bytesPerSecond(a.linkSpeedMbps()), bytesPerSecond(b.linkSpeedMbps()));
    double maxPackets = maxBytes / MIN_PACKET_BYTES;
    Double rx = guard.perSecond(a.rxBytes(), b.rxBytes(), elapsedNanos, maxBytes);
    Double tx = guard.perSecond(a.txBytes(), b.txBytes(), elapsedNanos, maxBytes);
    Double utilization = null;
    if (b.linkSpeedMbps() != null && rx != null && tx != null) {
      utilization = Math.min(100.0, Math.max(rx, tx) * 8 / (b.linkSpeedMbps() * 1e6) * 100.0);
    }
    return new NicSample(
        name,
        b.kind(),
        rx,
        tx,
        guard.perSecond(a.rxPackets(), b.rxPackets(), elapsedNanos, maxPackets),
        guard.perSecond(a.txPackets(), b.txPackets(), elapsedNanos, maxPackets),
        b.rxErrors(),
        b.txErrors(),
        b.rxDrops(),
        b.txDrops(),
        b.linkSpeedMbps(),
        utilization);
  }

  /** A link speed in Mbit/s as bytes per second; 0 (no bound) when unknown. */
  private static double bytesPerSecond(Long linkSpeedMbps) {
    return linkSpeedMbps == null ? 0 : linkSpeedMbps * 1e6 / 8;
  }
}
