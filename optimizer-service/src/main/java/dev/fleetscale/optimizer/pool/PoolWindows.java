package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Gathers the hosts' 10 s summaries of one pool into pool windows. A pool window closes when the
 * host stages promise that every telemetry partition is past it ({@link #advance}); as a safety
 * valve against a stalled upstream, also when a summary {@code grace} later arrives. A summary for
 * a window already closed is late and counted, not applied.
 * A host's summary sent twice (a replay) replaces the first: the window is a map by host. The 10
 * s pool windows feed 1 min, 5 min and 1 h pool windows.
 *
 * <p>Membership: a pool's hosts are those whose last summary up to a window is less than {@code
 * horizon} old at that window's end, not only those that reported in it. It is built from closed
 * windows only (never from summaries of later windows that happen to be in already), so it does
 * not depend on how partitions interleave. Until the pool has been watched for one horizon (and
 * unless its members were restored from InfluxDB) the membership is not settled: a host that has
 * not reported yet may still belong to the pool. Not thread-safe: owned by the thread that
 * consumes the pool's partition.
 */
public final class PoolWindows {

  private final String pool;
  private final Duration grace;
  private final Duration horizon;
  private final double ssdBandwidthPerDevice;
  private final NavigableMap<Instant, Map<String, HostWindowSummary>> open = new TreeMap<>();
  private final Map<WindowSize, Longer> longer = new EnumMap<>(WindowSize.class);
  private Instant closedUpTo;
  private long late;
  private String cluster = "";
  /** Each member's last window end (closed windows only, or restored). */
  private final Map<String, Instant> lastSeen = new HashMap<>();
  /** Each member's last summary seen by this instance. */
  private final Map<String, HostWindowSummary> lastSummary = new HashMap<>();
  /** Since when the pool's membership is known: a window ending a horizon after it is settled. */
  private Instant watchedSince;

  private static final class Longer {
    final Instant end;
    final boolean complete;
    final Map<RollupMetric, Stat> stats = new EnumMap<>(RollupMetric.class);
    int hosts;
    int members;
    int gpus;
    int busyGpus;
    final Map<CapacityResource, double[]> resources = new EnumMap<>(CapacityResource.class);

    Longer(Instant end, boolean complete) {
      this.end = end;
      this.complete = complete;
    }
  }

  /**
   * @param closedUpTo windows ending at or before this were closed before a restart (their points
   *     and decisions exist); null if unknown
   * @param ssdBandwidthPerDevice the pool's SSD bandwidth per disk, bytes per second ({@link
   *     PoolResources})
   * @param horizon how long a host that stopped reporting still counts as a member
   */
  public PoolWindows(String pool, Duration grace, Instant closedUpTo,
      double ssdBandwidthPerDevice, Duration horizon) {
    this.pool = pool;
    this.grace = grace;
    this.horizon = horizon;
    this.ssdBandwidthPerDevice = ssdBandwidthPerDevice;
    this.closedUpTo = closedUpTo;
  }

  public String pool() {
    return pool;
  }

  public long late() {
    return late;
  }

  /**
   * Restores the membership as it stood at {@code at} (a restart or partition move: the end of
   * the last window closed before), which settles it at once.
   *
   * @param members each host's last window end at or before {@code at}, within one horizon
   */
  public void restoreMembers(Map<String, Instant> members, Instant at) {
    members.forEach((host, seen) -> lastSeen.merge(host, seen,
        (a, b) -> a.isAfter(b) ? a : b));
    Instant since = at.minus(horizon);
    if (watchedSince == null || since.isBefore(watchedSince)) {
      watchedSince = since;
    }
  }

  /** The end of the oldest window still open; null if none. */
  public Instant oldestOpen() {
    return open.isEmpty() ? null : open.firstKey();
  }

  /** Adds a summary and closes every window the watermark has passed, oldest first. */
  public void add(HostWindowSummary summary, Consumer<PoolWindow> sink) {
    cluster = summary.cluster() == null ? cluster : summary.cluster();
    if (closedUpTo != null && !summary.windowEnd().isAfter(closedUpTo)) {
      late++;
      return;
    }
    open.computeIfAbsent(summary.windowEnd(), k -> new TreeMap<>())
        .put(summary.hostId(), summary);
    // Safety valve only: normally windows close by advance(), on the host stages' watermarks.
    advance(open.lastKey().minus(grace), sink);
  }

  /** Closes every open window ending at or before {@code watermark}, oldest first. */
  public void advance(Instant watermark, Consumer<PoolWindow> sink) {
    while (!open.isEmpty() && !open.firstKey().isAfter(watermark)) {
      var e = open.pollFirstEntry();
      closedUpTo = e.getKey();
      close(e.getKey(), e.getValue(), sink);
    }
  }

  private void close(Instant end, Map<String, HostWindowSummary> hosts, Consumer<PoolWindow>
      sink) {
    Map<RollupMetric, Stat> stats = new EnumMap<>(RollupMetric.class);
    int gpus = 0;
    int busy = 0;
    for (HostWindowSummary h : hosts.values()) {
      gpus += h.gpuCount();
      for (var w : h.workloads()) {
        busy += w.gpus();
      }
      for (RollupMetric m : RollupMetric.values()) {
        Stat.Summary s = h.host().get(m.field());
        if (s != null) {
          stats.computeIfAbsent(m, k -> new Stat()).add(s.mean(), s.max());
        }
      }
    }
    Map<RollupMetric, Stat.Summary> metrics = new EnumMap<>(RollupMetric.class);
    stats.forEach((m, s) -> metrics.put(m, s.summary()));
    PoolWindow window = new PoolWindow(pool, cluster, WindowSize.S10, end, metrics, hosts.size(),
        gpus, busy, Map.copyOf(hosts), PoolResources.of(hosts.values(), gpus, busy,
            ssdBandwidthPerDevice), membership(end, hosts));
    sink.accept(window);
    feedLonger(window, sink);
  }

  /** Updates the membership with a closed window's hosts and returns it as of its end. */
  private PoolWindow.Membership membership(Instant end, Map<String, HostWindowSummary> hosts) {
    if (watchedSince == null) {
      watchedSince = end.minus(WindowSize.S10.length());
    }
    hosts.forEach((host, summary) -> {
      lastSeen.put(host, end);
      lastSummary.put(host, summary);
    });
    Instant expired = end.minus(horizon);
    lastSeen.values().removeIf(seen -> !seen.isAfter(expired));
    lastSummary.keySet().retainAll(lastSeen.keySet());
    Set<String> missing = new TreeSet<>(lastSeen.keySet());
    missing.removeAll(hosts.keySet());
    Map<String, HostWindowSummary> lastOfMissing = new HashMap<>();
    for (String host : missing) {
      HostWindowSummary last = lastSummary.get(host);
      if (last != null) {
        lastOfMissing.put(host, last);
      }
    }
    return new PoolWindow.Membership(lastSeen.size(), missing, lastOfMissing,
        !watchedSince.isAfter(expired));
  }

  private void feedLonger(PoolWindow tenSeconds, Consumer<PoolWindow> sink) {
    for (WindowSize size : WindowSize.values()) {
      if (size == WindowSize.S10) {
        continue;
      }
      Instant end = size.endOf(tenSeconds.end().minusMillis(1));
      Longer current = longer.get(size);
      if (current != null && current.end.isBefore(end)) {
        emit(size, current, sink);
        current = null;
      }
      if (current == null) {
        // Complete only if this 10 s window is the window's first one.
        boolean complete = !tenSeconds.end().minus(WindowSize.S10.length())
            .isAfter(end.minus(size.length()));
        current = new Longer(end, complete);
        longer.put(size, current);
      }
      Longer target = current;
      tenSeconds.metrics().forEach((m, s) -> target.stats.computeIfAbsent(m, k -> new Stat())
          .add(s.mean(), s.max()));
      target.hosts = Math.max(target.hosts, tenSeconds.hosts());
      target.members = Math.max(target.members, tenSeconds.membership().size());
      target.gpus = Math.max(target.gpus, tenSeconds.gpus());
      target.busyGpus = Math.max(target.busyGpus, tenSeconds.busyGpus());
      tenSeconds.resources().forEach((r, use) -> target.resources.merge(r,
          new double[] {use.demand(), use.capacity()}, (a, b) -> new double[] {
              Math.max(a[0], b[0]), Math.max(a[1], b[1])}));
    }
  }

  private void emit(WindowSize size, Longer w, Consumer<PoolWindow> sink) {
    if (!w.complete || w.stats.isEmpty()) {
      return;
    }
    Map<RollupMetric, Stat.Summary> metrics = new EnumMap<>(RollupMetric.class);
    w.stats.forEach((m, s) -> metrics.put(m, s.summary()));
    Map<CapacityResource, ResourceUse> resources = new EnumMap<>(CapacityResource.class);
    w.resources.forEach((r, v) -> resources.put(r, new ResourceUse(v[0], v[1])));
    sink.accept(new PoolWindow(pool, cluster, size, w.end, metrics, w.hosts, w.gpus, w.busyGpus,
        Map.of(), Collections.unmodifiableMap(resources),
        new PoolWindow.Membership(w.members, Set.of(), Map.of(), true)));
  }
}
