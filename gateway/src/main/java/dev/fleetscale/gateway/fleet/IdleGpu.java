package dev.fleetscale.gateway.fleet;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * A GPU at 0 % utilization (every 10 s window's maximum) for at least the idle time.
 *
 * @param idleSince the end of its last busy window, or the start of its first window in the
 *     look-back when it was never busy in it (then {@code idle_seconds} is a lower bound)
 * @param idleSeconds from {@code idle_since} to the end of its latest window
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record IdleGpu(String host, String gpu, String pool, String cluster, Instant windowEnd,
    Instant idleSince, long idleSeconds) {}
