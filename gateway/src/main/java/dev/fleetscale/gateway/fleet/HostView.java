package dev.fleetscale.gateway.fleet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.Map;

/**
 * A host's latest 10 s window ({@code host_rollup}).
 *
 * @param samples host samples in the window
 * @param metrics each rolled-up metric: GPU ones over the host's GPUs (power summed), disk and
 *     NIC utilization of the busiest device
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record HostView(String host, String pool, String cluster, Instant windowEnd,
    @Nullable Long samples, Map<String, Metric> metrics) {}
