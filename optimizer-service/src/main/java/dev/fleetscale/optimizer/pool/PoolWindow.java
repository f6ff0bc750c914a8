package dev.fleetscale.optimizer.pool;

import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.Map;

/**
 * One closed pool window.
 *
 * @param pool the pool
 * @param cluster the cluster of its hosts
 * @param size window length
 * @param end window end
 * @param metrics pool aggregates: mean, max and p95 over the hosts' window means
 * @param hosts hosts that reported in the window
 * @param gpus GPUs of those hosts
 * @param busyGpus GPUs holding a workload, at the end of the window
 * @param summaries the hosts' 10 s summaries (10 s windows only; empty for longer ones)
 * @param resources demand and capacity of each known resource ({@link PoolResources}); for 1m,
 *     5m and 1h windows the max of the 10 s windows' demand and of their capacity
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
    Map<CapacityResource, ResourceUse> resources) {}
