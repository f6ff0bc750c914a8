package dev.fleetscale.runtime.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named checks behind a service's {@code /health}. Checks are cheap suppliers that read state
 * the service already keeps (they run on the event loop on every request): never I/O.
 *
 * <p>Thread-safe: parts register while the service starts, the HTTP route reads concurrently.
 */
public final class HealthChecks {

  private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

  private final Map<String, Supplier<HealthStatus>> checks = new ConcurrentHashMap<>();

  /** Adds or replaces the check called {@code name}. */
  public HealthChecks register(String name, Supplier<HealthStatus> check) {
    checks.put(name, check);
    return this;
  }

  /** Runs every check; a check that throws counts as DOWN with the exception's message. */
  public Map<String, HealthStatus> evaluate() {
    Map<String, HealthStatus> out = new LinkedHashMap<>();
    checks.keySet().stream().sorted().forEach(name -> {
      HealthStatus status;
      try {
        status = checks.get(name).get();
      } catch (RuntimeException e) {
        log.warn("health check {} failed: {}", name, e.toString());
        status = HealthStatus.down(e.getClass().getSimpleName() + ": " + e.getMessage(), Map.of());
      }
      out.put(name, status);
    });
    return out;
  }

  /** The worst state among {@code statuses}, UP when there are none. */
  public static HealthStatus.State overall(Map<String, HealthStatus> statuses) {
    HealthStatus.State worst = HealthStatus.State.UP;
    for (HealthStatus s : statuses.values()) {
      if (s.state().compareTo(worst) > 0) {
        worst = s.state();
      }
    }
    return worst;
  }
}
