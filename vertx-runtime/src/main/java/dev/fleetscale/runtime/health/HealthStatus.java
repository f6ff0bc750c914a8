package dev.fleetscale.runtime.health;

import java.util.Map;
import java.util.Objects;

/**
 * The state of one part of a service. {@code DEGRADED} means the service works with less than it
 * should (an agent without GPUs, a publisher spooling to disk): it stays ready, and says why.
 *
 * @param state never null
 * @param reason why the part is not UP; null when it is
 * @param details small, JSON-friendly facts (counts, addresses); never secrets
 */
public record HealthStatus(State state, String reason, Map<String, Object> details) {

  /** Ordered from best to worst: the service reports its worst part. */
  public enum State {
    UP,
    DEGRADED,
    DOWN
  }

  public HealthStatus {
    Objects.requireNonNull(state, "state");
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public static HealthStatus up() {
    return new HealthStatus(State.UP, null, Map.of());
  }

  public static HealthStatus up(Map<String, Object> details) {
    return new HealthStatus(State.UP, null, details);
  }

  public static HealthStatus degraded(String reason, Map<String, Object> details) {
    return new HealthStatus(State.DEGRADED, Objects.requireNonNull(reason, "reason"), details);
  }

  public static HealthStatus down(String reason, Map<String, Object> details) {
    return new HealthStatus(State.DOWN, Objects.requireNonNull(reason, "reason"), details);
  }
}
