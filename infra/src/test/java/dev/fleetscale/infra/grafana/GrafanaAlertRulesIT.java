package dev.fleetscale.infra.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.fleetscale.testkit.influx.InfluxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every provisioned alert rule against a real InfluxDB: points that must make it fire and points
 * that must not are written through the v2 write API (as the services write), the rule's query
 * runs with its macros expanded, and its reduce and threshold decide ({@link RuleEvaluator}). Each
 * rule reads its own measurement, so the tests do not see each other's points. Also runs every
 * dashboard and variable query (in a database of its own), so that InfluxDB itself accepts them.
 *
 * <p>Rollup windows are written at minute boundaries before now; the cases keep a minute of
 * margin so that the minute turning over between write and query changes no outcome.
 */
class GrafanaAlertRulesIT {

  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  private static final GrafanaFiles FILES = GrafanaFiles.ofModule();

  private final Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

  @Test
  void gpuTemperatureFiresOnlyForAGpuHotInEveryWindowOfTheLastFiveMinutes() {
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      points.add(gpu("hot-host", "3", k, 91.0));
      points.add(gpu("hot-host", "4", k, 70.0));                    // same host, cool GPU
      points.add(gpu("blip-host", "0", k, k == 2 ? 80.0 : 95.0));   // one cool window in five
      points.add(gpu("cooled-host", "0", k, 60.0));
    }
    for (int k = 6; k <= 12; k++) {
      points.add(gpu("cooled-host", "0", k, 99.0));                 // hot, but before the 5 minutes
    }
    write(points);

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-gpu-temperature-hot");

    assertThat(outcome.firing()).containsExactly(Map.of("host", "hot-host", "gpu", "3"));
    assertThat(outcome.reduced()).containsEntry(Map.of("host", "blip-host", "gpu", "0"), 80.0);
  }

  @Test
  void poolSaturationFiresOnlyForAPoolAbove90PercentForFifteenMinutes() {
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 15; k++) {
      points.add(pool("train-a", k, 97.0));
      points.add(pool("train-b", k, k == 7 ? 85.0 : 99.0));
      points.add(pool("infer-c", k, 40.0));
    }
    write(points);

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-pool-gpu-saturated");

    assertThat(outcome.firing()).containsExactly(Map.of("pool", "train-a"));
    assertThat(outcome.reduced()).containsKeys(Map.of("pool", "train-b"), Map.of("pool", "infer-c"));
  }

  @Test
  void hostStoppedReportingFiresForAQuietHostAndNoDataAlerts() {
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      points.add(host("steady", k));
      if (k >= 20) {
        points.add(host("gone-20m", k));
      }
      if (k >= 2) {
        points.add(host("paused-2m", k));       // last window 2 minutes ago: still within 5
      }
    }
    write(points);

    AlertRule rule = rule("fleetscale-host-stopped-reporting");
    RuleEvaluator.Outcome outcome = new RuleEvaluator(influx.client(), influx.bucket()).evaluate(rule);

    assertThat(outcome.firing()).containsExactly(Map.of("host", "gone-20m"));
    assertThat(outcome.reduced()).containsKeys(Map.of("host", "steady"), Map.of("host", "paused-2m"));

    // No host_rollup at all (a fresh database): no series, and the rule's noDataState alerts.
    influx.createDatabase("empty");
    RuleEvaluator.Outcome empty = new RuleEvaluator(influx.client(), "empty").evaluate(rule);
    assertThat(empty.noData()).isTrue();
    assertThat(rule.noDataState()).isEqualTo("Alerting");
  }

  @Test
  void capacityDemandFiresForADemandRaisedInTheLastTenMinutes() {
    write(List.of(
        demand("train-a", "GPU", minute.minus(Duration.ofMinutes(2))),
        demand("infer-c", "GPU", minute.minus(Duration.ofMinutes(40)))));

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-capacity-demand-raised");

    assertThat(outcome.firing()).containsExactly(Map.of("pool", "train-a", "resource", "GPU"));
    assertThat(outcome.reduced()).hasSize(1);
  }

  @Test
  void proposalFiresWhileItsLatestStatusIsProposed() {
    Instant now = Instant.now();
    write(List.of(
        proposal("p-waiting", "train-a", "PROPOSED", now.minus(Duration.ofHours(3))),
        proposal("p-approved", "infer-b", "PROPOSED", now.minus(Duration.ofHours(5))),
        proposal("p-approved", "infer-b", "APPROVED", now.minus(Duration.ofHours(1))),
        proposal("p-superseded", "infer-b", "PROPOSED", now.minus(Duration.ofDays(2))),
        proposal("p-superseded", "infer-b", "SUPERSEDED", now.minus(Duration.ofDays(1))),
        proposal("p-stale", "old-c", "PROPOSED", now.minus(Duration.ofDays(9)))));

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-proposal-awaiting-approval");

    assertThat(outcome.firing()).containsExactly(Map.of("pool", "train-a"));
    assertThat(outcome.reduced()).containsOnlyKeys(Map.of("pool", "train-a"));
  }

  @Test
  void idleGpuCostFiresForAPoolPayingMoreThan100DollarsOfIdleGpusIn24Hours() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 24; k++) {
      Instant end = hour.minus(Duration.ofHours(k));
      points.add(cost("idle-a", "__idle__", end, 5_000_000L, 0, 0, null));  // 24 × $5 = $120
      points.add(cost("idle-b", "__idle__", end, 4_000_000L, 0, 0, null));  // 24 × $4 = $96
      points.add(cost("idle-b", "w", end, 50_000_000L, 1, 1, 1.0));          // busy costs don't count
    }
    for (int k = 25; k < 30; k++) {                                        // idle, but over a day ago
      points.add(cost("idle-c", "__idle__", hour.minus(Duration.ofHours(k)), 90_000_000L, 0, 0,
          null));
    }
    write(points);

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-idle-gpu-cost-high");

    assertThat(outcome.firing()).containsExactly(Map.of("pool", "idle-a"));
    assertThat(outcome.reduced()).containsEntry(Map.of("pool", "idle-b"), 96.0)
        .doesNotContainKey(Map.of("pool", "idle-c"));
  }

  @Test
  void efficiencyFiresOnlyForAPoolBelow30PercentInEveryHourOfTheDay() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<Point> points = new ArrayList<>();
    for (int k = 0; k < 24; k++) {
      Instant end = hour.minus(Duration.ofHours(k));
      points.add(cost("eff-a", "w1", end, 1_000_000L, 1.0, 0.1, 0.1));
      points.add(cost("eff-a", "w2", end, 1_000_000L, 1.0, 0.2, 0.2));     // pool: 0.15 each hour
      points.add(cost("eff-b", "w3", end, 1_000_000L, 1.0, k == 5 ? 0.6 : 0.1, k == 5 ? 0.6 : 0.1));
      // MIG: held, no utilization figure, no efficiency field: left out, not counted as unused.
      points.add(cost("eff-c", "mig", end, 1_000_000L, 1.0, 0, null));
      points.add(cost("eff-c", "w4", end, 1_000_000L, 1.0, 0.8, 0.8));
    }
    write(points);

    RuleEvaluator.Outcome outcome = evaluate("fleetscale-pool-efficiency-low");

    assertThat(outcome.firing()).containsExactly(Map.of("pool", "eff-a"));
    assertThat(outcome.reduced().get(Map.of("pool", "eff-a"))).isCloseTo(0.15,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(outcome.reduced()).containsEntry(Map.of("pool", "eff-c"), 0.8)
        .containsKey(Map.of("pool", "eff-b"));
  }

  @Test
  void everyDashboardAndVariableQueryRunsOnInfluxDb() {
    List<Point> points = new ArrayList<>();
    points.add(gpu("dash-host", "0", 1, 50.0));
    points.add(host("dash-host", 1));
    points.add(pool("dash-pool", 1, 50.0));
    points.add(demand("dash-pool", "GPU", minute.minusSeconds(60)));
    points.add(proposal("dash-p", "dash-pool", "PROPOSED", minute.minusSeconds(60)));
    points.add(cost("dash-pool", "w", minute.truncatedTo(ChronoUnit.HOURS), 1_000_000L, 1, 0.5,
        0.5));
    // A database of its own, so that these points do not reach the alert rule cases.
    influx.createDatabase("dashboards");
    influx.client().getWriteApiBlocking().writePoints("dashboards", influx.org(), points);
    Map<String, String> variables = Map.of("pool", "dash-pool", "host", ".*", "window", "1m");
    RuleEvaluator runner = new RuleEvaluator(influx.client(), "dashboards");
    List<GrafanaFiles.PanelQuery> all = new ArrayList<>(FILES.panelQueries());
    all.addAll(FILES.variableQueries());
    List<String> failures = new ArrayList<>();
    for (GrafanaFiles.PanelQuery q : all) {
      String influxql = MacroExpander.expand(q.query(), Duration.ofHours(6), Duration.ofMinutes(1), variables);
      try {
        runner.series(influxql);
      } catch (RuntimeException e) {
        failures.add(q + ": " + e.getMessage() + " in " + influxql);
      }
    }
    assertThat(failures).isEmpty();
    // The check can fail: InfluxDB's rejection of a bad query reaches the caller.
    assertThatThrownBy(() -> runner.series("SELECT mean(\"x\") FROM \"pool_rollup\" GROUP BY time(")).isNotNull();
    // And they read data, not just parse: the pool overview sees the pool written above.
    String busy = FILES.panelQueries().stream().filter(q -> q.panel().equals("Busy GPUs")).findFirst().orElseThrow().query();
    assertThat(runner.series(MacroExpander.expand(busy, Duration.ofHours(1), Duration.ofMinutes(1), variables)))
        .singleElement().satisfies(s -> assertThat(s.tags()).containsEntry("pool", "dash-pool"));
  }

  private RuleEvaluator.Outcome evaluate(String uid) {
    return new RuleEvaluator(influx.client(), influx.bucket()).evaluate(rule(uid));
  }

  private static AlertRule rule(String uid) {
    return FILES.alertRules().stream().filter(r -> r.uid().equals(uid)).findFirst().orElseThrow();
  }

  private static void write(List<Point> points) {
    influx.client().getWriteApiBlocking().writePoints(influx.bucket(), influx.org(), points);
  }

  /** The 1m window that ended {@code minutesAgo} whole minutes before the current minute. */
  private Instant windowEnd(int minutesAgo) {
    return minute.minus(Duration.ofMinutes(minutesAgo));
  }

  private Point gpu(String host, String gpu, int minutesAgo, double temperatureP95) {
    return Point.measurement("gpu_rollup").addTag("cluster", "dc1").addTag("pool", "train-a")
        .addTag("host", host).addTag("gpu", gpu).addTag("window", "1m")
        .addField("temperature_c_p95", temperatureP95).addField("gpu_util_pct_mean", 50.0)
        .time(windowEnd(minutesAgo), WritePrecision.MS);
  }

  private Point pool(String pool, int minutesAgo, double utilP95) {
    return Point.measurement("pool_rollup").addTag("cluster", "dc1").addTag("pool", pool)
        .addTag("window", "1m").addField("hosts", 4).addField("gpus", 32).addField("busy_gpus", 30)
        .addField("gpu_util_pct_p95", utilP95).addField("gpu_util_pct_mean", utilP95 - 5)
        .time(windowEnd(minutesAgo), WritePrecision.MS);
  }

  private Point host(String host, int minutesAgo) {
    return Point.measurement("host_rollup").addTag("cluster", "dc1").addTag("pool", "train-a")
        .addTag("host", host).addTag("window", "1m").addField("samples", 6)
        .addField("gpu_util_pct_mean", 50.0).time(windowEnd(minutesAgo), WritePrecision.MS);
  }

  private static Point demand(String pool, String resource, Instant raisedAt) {
    return Point.measurement("capacity_demand").addTag("pool", pool).addTag("resource", resource)
        .addField("demand_id", pool + "-" + raisedAt.toEpochMilli()).addField("shortfall", 16.0)
        .addField("forecast_peak", 120.0).addField("capacity", 104.0)
        .time(raisedAt, WritePrecision.MS);
  }

  private static Point proposal(String id, String pool, String status, Instant changedAt) {
    return Point.measurement("procurement_proposal").addTag("proposal_id", id).addTag("pool", pool)
        .addTag("status", status).addField("cost_per_hour", 412.5).addField("capex", 1.2e6)
        .addField("tco", 3.4e6).addField("feasible", true).addField("line_items", 2)
        .addField("changed_by", "solver").time(changedAt, WritePrecision.MS);
  }

  /** A cost_allocation point (optimizer's CostPoints): one holder of one GPU for one hour. */
  private static Point cost(String pool, String workload, Instant end, long costMicroUsd,
      double allocatedHours, double usedHours, Double efficiency) {
    boolean idle = workload.equals("__idle__");
    Point p = Point.measurement("cost_allocation").addTag("cluster", "dc1").addTag("pool", pool)
        .addTag("host", pool + "-h1").addTag("gpu", "0").addTag("workload", workload)
        .addTag("window", "1h").addField("allocated_gpu_hours", allocatedHours)
        .addField("used_gpu_hours", usedHours).addField("unallocated_gpu_hours", idle ? 1.0 : 0.0)
        .addField("cost_micro_usd", costMicroUsd)
        .addField("idle_cost_micro_usd", idle ? costMicroUsd : 0L)
        .time(end, WritePrecision.MS);
    if (efficiency != null) {
      p.addField("efficiency", efficiency);
    }
    return p;
  }
}
