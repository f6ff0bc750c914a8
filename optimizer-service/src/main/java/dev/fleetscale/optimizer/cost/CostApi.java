package dev.fleetscale.optimizer.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.contracts.serde.Json;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /costs} on the optimizer's read API (docs/cost.md): what each pool, workload, host,
 * GPU or label value cost over a window, per step, with idle cost separate or shared, as JSON
 * (OpenCost's /allocation shape) or CSV. The gateway will proxy it as {@code /api/v1/costs}.
 * Bad parameters answer 400 naming the parameter and its rule. Queries run on a worker thread.
 */
public final class CostApi {

  private static final Logger log = LoggerFactory.getLogger(CostApi.class);

  private final Vertx vertx;
  private final InfluxDBClient client;
  private final String database;
  private final CostSettings settings;
  private final Clock clock;

  public CostApi(Vertx vertx, InfluxDBClient client, String database, CostSettings settings,
      Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.database = database;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * A client for the API's reads: the service's settings with a read timeout of {@code
   * cost.queryTimeoutSeconds}, since a month of a large fleet takes InfluxDB longer than the
   * client's default 10 s. The caller owns and closes it.
   */
  public static InfluxDBClient queryClient(String url, char[] token, String org, String bucket,
      CostSettings settings) {
    com.influxdb.client.InfluxDBClientOptions.Builder options =
        com.influxdb.client.InfluxDBClientOptions.builder().url(url).org(org).bucket(bucket)
            .okHttpClient(new okhttp3.OkHttpClient.Builder()
                .readTimeout(Duration.ofSeconds(settings.queryTimeoutSeconds())));
    if (dev.fleetscale.contracts.influx.InfluxClients.hasToken(token)) {
      options.authenticateToken(token.clone());
    }
    return com.influxdb.client.InfluxDBClientFactory.create(options.build());
  }

  public Router mount(Router router) {
    router.get("/costs").handler(this::costs);
    return router;
  }

  private void costs(RoutingContext ctx) {
    if (!settings.enabled()) {
      json(ctx, 503, Map.of("code", 503, "error", "cost allocation is off (cost.enabled: false)"));
      return;
    }
    Map<String, String> params = new HashMap<>();
    for (String name : ctx.queryParams().names()) {
      if (ctx.queryParams().getAll(name).size() > 1) {
        json(ctx, 400, Map.of("code", 400, "error", name + ": must be given once"));
        return;
      }
      params.put(name, ctx.queryParams().get(name));
    }
    String accept = ctx.request().getHeader("Accept");
    if (!params.containsKey("format") && accept != null && accept.contains("text/csv")) {
      params.put("format", "csv");
    }
    CostQuery q;
    try {
      q = CostQuery.parse(params, clock.instant(), Duration.ofDays(settings.maxWindowDays()));
    } catch (CostQuery.BadParameter e) {
      json(ctx, 400, Map.of("code", 400, "error", e.getMessage()));
      return;
    }
    vertx.executeBlocking(() -> answer(q), false).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("GET /costs failed: {}", ar.cause().toString());
        json(ctx, 502, Map.of("code", 502, "error", "InfluxDB query failed: "
            + ar.cause().getMessage()));
      } else if (q.csv()) {
        ctx.response().setStatusCode(200).putHeader("content-type", "text/csv; charset=utf-8")
            .end(csv(ar.result()));
      } else {
        json(ctx, 200, ar.result());
      }
    });
  }

  /** The answer's body (a map, as JSON), for {@code q}. */
  public Map<String, Object> answer(CostQuery q) {
    List<CostReport.Cell> cells = CostReport.cells(q,
        InfluxQl.query(client, database, CostReport.influxql(q)));
    Map<String, Map<String, String>> labels = q.aggregate() == CostQuery.Aggregate.LABEL
        ? CostReport.labels(InfluxQl.query(client, database, CostReport.labelsInfluxql(q)))
        : Map.of();
    List<Map<String, CostReport.Entry>> steps = CostReport.aggregate(q, cells, labels);
    List<Object> data = new ArrayList<>();
    List<Object> totals = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Instant from = q.start().plus(q.step().multipliedBy(i));
      Instant to = from.plus(q.step());
      Map<String, Object> set = new LinkedHashMap<>();
      long total = 0;
      long idle = 0;
      for (CostReport.Entry e : steps.get(i).values()) {
        set.put(e.name(), e.view(from, to));
        total += e.totalCost();
        if (e.name().equals(CostRow.IDLE)) {
          idle += e.totalCost();
        }
      }
      data.add(set);
      totals.add(Map.of("start", from.toString(), "end", to.toString(),
          "totalCost", CostReport.usd(total), "totalCostMicroUsd", total,
          "idleCost", CostReport.usd(idle)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", 200);
    out.put("currency", "USD");
    out.put("window", Map.of("start", q.start().toString(), "end", q.end().toString()));
    out.put("aggregate", q.aggregate() == CostQuery.Aggregate.LABEL ? "label:" + q.labelKey()
        : q.aggregate().name().toLowerCase(java.util.Locale.ROOT));
    out.put("step", q.stepLiteral());
    out.put("idle", switch (q.idle()) {
      case SEPARATE -> "separate";
      case SHARE -> "share";
      case BY_HOST -> "byHost";
    });
    out.put("data", data);
    out.put("totals", totals);
    return out;
  }

  /** One line per entry per step; RFC 4180 quoting (hand-written: four rules, no dependency). */
  @SuppressWarnings("unchecked")
  static String csv(Map<String, Object> answer) {
    List<String> columns = List.of("start", "end", "name", "gpuHours", "gpuHoursUsed",
        "gpuHoursIdleAllocated", "gpuHoursUnallocated", "gpuHoursUnmeasured", "gpuEfficiency",
        "energyKwh", "gpuCost", "ssdCost", "networkCost", "energyCost", "sharedIdleCost",
        "totalCost", "totalCostMicroUsd");
    StringBuilder out = new StringBuilder(String.join(",", columns)).append("\r\n");
    for (Object set : (List<Object>) answer.get("data")) {
      for (Object entry : ((Map<String, Object>) set).values()) {
        Map<String, Object> e = (Map<String, Object>) entry;
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          Object v = e.get(columns.get(i));
          out.append(v == null ? "" : quote(v instanceof java.math.BigDecimal d
              ? d.toPlainString() : v.toString()));
        }
        out.append("\r\n");
      }
    }
    return out.toString();
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
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
