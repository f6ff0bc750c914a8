package dev.fleetscale.optimizer.actuator;

import dev.fleetscale.contracts.actuator.PoolState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link PoolState} an actuator reported per pool ({@code fleet.pool-state.v1}),
 * written by {@link PoolStateStage} and read by the pool stage before each autoscale decision.
 * A report older than the one held is dropped (reports of one pool arrive in order on one
 * partition, but a consumer restart may replay older ones). Thread-safe.
 */
public final class ActuatorReports {

  private final Map<String, PoolState> latest = new ConcurrentHashMap<>();

  /** Keeps {@code report} if it is at least as new as the pool's last one. */
  public void accept(PoolState report) {
    latest.merge(report.pool(), report,
        (held, fresh) -> fresh.reportedAt().isBefore(held.reportedAt()) ? held : fresh);
  }

  /** The pool's latest report, if an actuator has reported it. */
  public Optional<PoolState> latest(String pool) {
    return Optional.ofNullable(latest.get(pool));
  }

  /** Pools reported so far. */
  public int pools() {
    return latest.size();
  }
}
