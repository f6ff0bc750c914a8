package dev.fleetscale.runtime.http;

import dev.fleetscale.runtime.health.HealthChecks;
import dev.fleetscale.runtime.health.HealthStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The operational endpoints every Vert.x service serves: {@code /health} (with {@code /live} and
 * {@code /ready} for orchestrators) and Prometheus {@code /metrics}.
 *
 * <p>Liveness answers 200 as long as the event loop does. Readiness and {@code /health} answer 503
 * only when a check is DOWN; DEGRADED still serves traffic and says why in the body.
 */
public final class OpsRoutes {

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private OpsRoutes() {}

  public static Router mount(Router router, HealthChecks checks, PrometheusMeterRegistry registry) {
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> health(ctx, checks));
    router.get("/health").handler(ctx -> health(ctx, checks));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", PROMETHEUS_CONTENT_TYPE)
        .end(registry.scrape()));
    return router;
  }

  private static void health(RoutingContext ctx, HealthChecks checks) {
    Map<String, HealthStatus> statuses = checks.evaluate();
    HealthStatus.State overall = HealthChecks.overall(statuses);
    JsonObject body = new JsonObject().put("status", overall.name());
    JsonObject parts = new JsonObject();
    statuses.forEach((name, status) -> {
      JsonObject part = new JsonObject().put("status", status.state().name());
      if (status.reason() != null) {
        part.put("reason", status.reason());
      }
      if (!status.details().isEmpty()) {
        part.put("details", new JsonObject(Map.copyOf(status.details())));
      }
      parts.put(name, part);
    });
    body.put("checks", parts);
    json(ctx, overall == HealthStatus.State.DOWN ? 503 : 200, body);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
