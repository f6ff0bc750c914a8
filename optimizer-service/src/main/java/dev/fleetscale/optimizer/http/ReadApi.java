package dev.fleetscale.optimizer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.ServiceToken;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.optimizer.pool.DecisionBoard;
import dev.fleetscale.optimizer.pool.PoolWindow;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read API the gateway uses: {@code GET /pools}, {@code GET /pools/{pool}} and {@code GET
 * /decisions?pool=&type=&limit=}. Pool state is what this instance owns (with several instances
 * each serves its share of pools; the gateway asks all or reads InfluxDB). Decisions are the JSON
 * of the events as published on Kafka, so a reader needs only the contracts.
 */
public final class ReadApi {

  private static final Set<String> TYPES = Set.of("autoscale", "rebalance", "capacity-demand");

  private final DecisionBoard board;
  private final OptimizerConfig.ServiceToken serviceToken;

  /** A read API open to every caller (tests, a single-user setup). */
  public ReadApi(DecisionBoard board) {
    this(board, new OptimizerConfig.ServiceToken(""));
  }

  /**
   * @param serviceToken when configured, every read API call must carry it in {@link
   *     ServiceToken#HEADER} (the gateway's shared token), else 401
   */
  public ReadApi(DecisionBoard board, OptimizerConfig.ServiceToken serviceToken) {
    this.board = board;
    this.serviceToken = serviceToken;
  }

  public Router mount(Router router) {
    if (serviceToken.configured()) {
      io.vertx.core.Handler<RoutingContext> gate = ctx -> {
        if (ServiceToken.matches(serviceToken.value(), ctx.request().getHeader(ServiceToken.HEADER))) {
          ctx.next();
        } else {
          json(ctx, 401, Map.of("error", "the read API answers only the gateway: "
              + ServiceToken.HEADER + " missing or wrong"));
        }
      };
      router.route("/pools").handler(gate);
      router.route("/pools/*").handler(gate);
      router.route("/decisions").handler(gate);
    }
    router.get("/pools").handler(ctx -> {
      List<Object> pools = new ArrayList<>();
      board.pools().forEach(p -> pools.add(view(p)));
      json(ctx, 200, Map.of("pools", pools));
    });
    router.get("/pools/:pool").handler(ctx -> board.pool(ctx.pathParam("pool"))
        .ifPresentOrElse(p -> json(ctx, 200, view(p)),
            () -> json(ctx, 404, Map.of("error", "no such pool: " + ctx.pathParam("pool")))));
    router.get("/decisions").handler(this::decisions);
    return router;
  }

  private void decisions(RoutingContext ctx) {
    String type = ctx.queryParams().get("type");
    if (type != null && !TYPES.contains(type)) {
      json(ctx, 400, Map.of("error", "type must be one of " + TYPES + ", was " + type));
      return;
    }
    int limit;
    try {
      limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "50"
          : ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      json(ctx, 400, Map.of("error", "limit must be a number"));
      return;
    }
    List<Object> out = new ArrayList<>();
    for (FleetEvent e : board.decisions(ctx.queryParams().get("pool"), type)) {
      if (out.size() >= limit) {
        break;
      }
      out.add(Map.of("type", DecisionBoard.type(e), "id", e.eventId(), "event", e));
    }
    json(ctx, 200, Map.of("decisions", out));
  }

  private static Map<String, Object> view(PoolWindow p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pool", p.pool());
    out.put("cluster", p.cluster());
    out.put("window_end", p.end().toString());
    out.put("hosts", p.hosts());
    out.put("members", p.membership().size());
    out.put("membership_settled", p.membership().settled());
    out.put("gpus", p.gpus());
    out.put("busy_gpus", p.busyGpus());
    Map<String, Object> metrics = new LinkedHashMap<>();
    p.metrics().forEach((m, s) -> metrics.put(m.field(), s));
    out.put("metrics", metrics);
    return out;
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end(Json.mapper().writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
    }
  }
}
