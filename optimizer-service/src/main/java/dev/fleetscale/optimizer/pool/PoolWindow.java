package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One closed pool window.
 *
 * @param pool the pool
 * @param cluster the cluster of its hosts
 * @param size window length
 * @param end window end
 * @param metrics pool aggregates: mean, max and p95 over the window means of the hosts that
 *     reported
 * @param hosts hosts that reported in the window
 * @param gpus GPUs of those hosts
 * @param busyGpus GPUs holding a workload, at the end of the window
 * @param summaries the hosts' 10 s summaries (10 s windows only; empty for longer ones)
 * @param resources demand and capacity of each known resource ({@link PoolResources}); for 1m,
 *     5m and 1h windows the max of the 10 s windows' demand and of their capacity
 * @param membership the pool's hosts at the window's end, reported in it or not ({@link
 *     Membership})
 */
public record PoolWindow(
    String pool,
    String cluster,
    WindowSize size,
    Instant end,
    Map<RollupMetric, Stat.Summary> metrics,
    int hosts,
    int gpus,
    int busyGpus,
    Map<String, HostWindowSummary> summaries,
    Map<CapacityResource, ResourceUse> resources,
    Membership membership) {

  /** A window whose membership is exactly the hosts that reported in it, settled. */
  public PoolWindow(String pool, String cluster, WindowSize size, Instant end,
      Map<RollupMetric, Stat.Summary> metrics, int hosts, int gpus, int busyGpus,
      Map<String, HostWindowSummary> summaries, Map<CapacityResource, ResourceUse> resources) {
    this(pool, cluster, size, end, metrics, hosts, gpus, busyGpus, summaries, resources,
        new Membership(hosts, Set.of(), Map.of(), true));
  }

  /**
   * Who belongs to the pool at a window's end: the hosts whose last summary up to that window is
   * less than the membership horizon old (and, after a restart, the hosts read back from
   * InfluxDB). A member absent from a window is missing data, not a smaller pool.
   *
   * @param size members
   * @param missing members that did not report in this window
   * @param lastOfMissing the last summary of each missing member this instance has seen (none for
   *     a member read back from InfluxDB)
   * @param settled false while the pool has been watched for less than one horizon since this
   *     instance took it on without history: hosts that have not reported yet may still belong to
   *     it, so the membership may be short
   */
  public record Membership(int size, Set<String> missing,
      Map<String, HostWindowSummary> lastOfMissing, boolean settled) {

    public Membership {
      missing = Set.copyOf(missing);
      lastOfMissing = Map.copyOf(lastOfMissing);
    }

    /** Every member reported in the window. */
    public boolean complete() {
      return missing.isEmpty();
    }
  }
}
