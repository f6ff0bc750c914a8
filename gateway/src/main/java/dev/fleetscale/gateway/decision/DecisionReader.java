package dev.fleetscale.gateway.decision;

import static dev.fleetscale.gateway.audit.AuditLog.literal;

import com.influxdb.client.InfluxDBClient;
import dev.fleetscale.contracts.influx.InfluxQl;
import dev.fleetscale.gateway.audit.InfluxSettings;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer's decisions as it stores them in InfluxDB ({@code autoscale_decision},
 * {@code rebalance_plan} with its {@code rebalance_goal}s; docs/influxdb-schema.md), newest first.
 *
 * <p>Paging is by offset, not by a time cursor: every pool's decision of a window has the same
 * timestamp (the window end), so "older than the last one seen" would skip the other pools'.
 * Each kind is read up to {@code offset + limit + 1} rows and the two merged, so a page costs at
 * most that many rows per kind; the controller bounds the offset.
 */
@Singleton
public class DecisionReader {

  public static final String AUTOSCALE = "autoscale";
  public static final String REBALANCE = "rebalance";

  private static final Comparator<DecisionView> NEWEST_FIRST = Comparator
      .comparing(DecisionView::time).reversed()
      .thenComparing(DecisionView::kind).thenComparing(DecisionView::pool);

  private final InfluxDBClient client;
  private final String database;

  public DecisionReader(InfluxDBClient client, InfluxSettings influx) {
    this.client = client;
    this.database = influx.bucket();
  }

  /**
   * @param kind {@code autoscale}, {@code rebalance} or null for both
   * @param from, to the time range, inclusive; null for open
   */
  public DecisionPage page(@Nullable String pool, @Nullable String kind, @Nullable Instant from,
      @Nullable Instant to, int limit, int offset) {
    int rows = offset + limit + 1;
    List<DecisionView> all = new ArrayList<>();
    if (kind == null || kind.equals(AUTOSCALE)) {
      all.addAll(autoscale(where(pool, from, to), rows));
    }
    if (kind == null || kind.equals(REBALANCE)) {
      all.addAll(rebalance(pool, from, to, rows));
    }
    all.sort(NEWEST_FIRST);
    List<DecisionView> page = all.subList(Math.min(offset, all.size()),
        Math.min(offset + limit, all.size()));
    Integer next = all.size() > offset + limit ? offset + limit : null;
    return new DecisionPage(List.copyOf(page), offset, limit, next);
  }

  private static String where(@Nullable String pool, @Nullable Instant from,
      @Nullable Instant to) {
    List<String> where = new ArrayList<>();
    if (pool != null) {
      where.add("\"pool\" = " + literal(pool));
    }
    if (from != null) {
      where.add("time >= " + literal(from.toString()));
    }
    if (to != null) {
      where.add("time <= " + literal(to.toString()));
    }
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }

  private List<InfluxQl.Row> rows(String query) {
    List<InfluxQl.Row> out = new ArrayList<>();
    InfluxQl.query(client, database, query).forEach(s -> out.addAll(s.rows()));
    return out;
  }

  private List<DecisionView> autoscale(String where, int rows) {
    List<DecisionView> out = new ArrayList<>();
    for (InfluxQl.Row r : rows("SELECT * FROM \"autoscale_decision\"" + where
        + " ORDER BY time DESC LIMIT " + rows)) {
      Map<String, Object> inputs = new LinkedHashMap<>();
      put(inputs, "mode", r.text("mode"));
      put(inputs, "metric", r.text("metric"));
      put(inputs, "observed", InfluxQl.typed(r.text("observed")));
      put(inputs, "target", InfluxQl.typed(r.text("target")));
      put(inputs, "current_replicas", InfluxQl.typed(r.text("current_replicas")));
      put(inputs, "raw_recommendation", InfluxQl.typed(r.text("raw_recommendation")));
      Map<String, Object> outcome = new LinkedHashMap<>();
      put(outcome, "desired_replicas", InfluxQl.typed(r.text("desired_replicas")));
      String limits = r.text("limits_applied");
      outcome.put("limits_applied", limits == null || limits.isBlank() ? List.of()
          : List.of(limits.split(",")));
      out.add(new DecisionView(AUTOSCALE, r.text("decision_id"), r.text("pool"), time(r),
          r.text("reason") == null ? "" : r.text("reason"), inputs, outcome));
    }
    return out;
  }

  private List<DecisionView> rebalance(@Nullable String pool, @Nullable Instant from,
      @Nullable Instant to, int rows) {
    List<InfluxQl.Row> plans = rows("SELECT * FROM \"rebalance_plan\"" + where(pool, from, to)
        + " ORDER BY time DESC LIMIT " + rows);
    if (plans.isEmpty()) {
      return List.of();
    }
    // The plans' goals, in one query over the plans' time span.
    Instant oldest = plans.stream().map(DecisionReader::time).min(Instant::compareTo).orElseThrow();
    Instant newest = plans.stream().map(DecisionReader::time).max(Instant::compareTo).orElseThrow();
    Map<String, List<Map<String, Object>>> goals = new HashMap<>();
    for (InfluxQl.Row g : rows("SELECT * FROM \"rebalance_goal\"" + where(pool, oldest, newest))) {
      Map<String, Object> goal = new LinkedHashMap<>();
      put(goal, "goal", g.text("goal"));
      put(goal, "hard", InfluxQl.typed(g.text("hard")));
      put(goal, "satisfied", InfluxQl.typed(g.text("satisfied")));
      put(goal, "duration_us", InfluxQl.typed(g.text("duration_us")));
      goals.computeIfAbsent(g.text("pool") + "@" + g.text("time"), k -> new ArrayList<>())
          .add(goal);
    }
    List<DecisionView> out = new ArrayList<>();
    for (InfluxQl.Row r : plans) {
      List<Map<String, Object>> planGoals =
          goals.getOrDefault(r.text("pool") + "@" + r.text("time"), List.of());
      Map<String, Object> inputs = new LinkedHashMap<>();
      put(inputs, "score_before", InfluxQl.typed(r.text("score_before")));
      inputs.put("goals", planGoals);
      Map<String, Object> outcome = new LinkedHashMap<>();
      put(outcome, "moves", InfluxQl.typed(r.text("moves")));
      put(outcome, "score_after", InfluxQl.typed(r.text("score_after")));
      put(outcome, "infeasible_goals", InfluxQl.typed(r.text("infeasible_goals")));
      out.add(new DecisionView(REBALANCE, r.text("plan_id"), r.text("pool"), time(r),
          reason(r, planGoals), inputs, outcome));
    }
    return out;
  }

  /** The optimizer stores no reason text for a plan: it is said from its figures. */
  private static String reason(InfluxQl.Row plan, List<Map<String, Object>> goals) {
    List<String> unmet = goals.stream().filter(g -> Boolean.FALSE.equals(g.get("satisfied")))
        .map(g -> String.valueOf(g.get("goal"))).toList();
    return plan.text("moves") + " moves lower the score from " + plan.text("score_before")
        + " to " + plan.text("score_after")
        + (unmet.isEmpty() ? "; every goal met" : "; goals not met: " + String.join(", ", unmet));
  }

  private static void put(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static Instant time(InfluxQl.Row row) {
    return Instant.ofEpochSecond(0, Long.parseLong(row.text("time")));
  }
}
