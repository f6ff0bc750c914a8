package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.client.domain.WritePrecision;
import dev.fleetscale.gateway.security.TokenRegistry;
import dev.fleetscale.gateway.support.GatewayCalls;
import dev.fleetscale.gateway.support.GatewayCalls.Answer;
import dev.fleetscale.gateway.support.GatewayStack;
import dev.fleetscale.testkit.influx.InfluxExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet and decision routes over a real influxd holding rollups and decisions in the
 * optimizer's schema (docs/influxdb-schema.md), written here as line protocol: the latest window
 * per pool, host and GPU, GPU health, idle GPUs (0 % for 5 min), decisions with filters and pages.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetApiIT implements TestPropertyProvider {

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  private static final String VIEWER = GatewayStack.newToken();

  /** Every point's time is relative to this, ten-second aligned as the optimizer's windows. */
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS)
      .minusSeconds(Instant.now().getEpochSecond() % 10);

  @Inject
  EmbeddedServer server;

  GatewayCalls calls;

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "fleetscale.influx.url", INFLUX.url(),
        "fleetscale.influx.token", new String(INFLUX.token()),
        "fleetscale.influx.org", INFLUX.org(),
        "fleetscale.influx.bucket", INFLUX.bucket(),
        "micronaut.http.services.procurement.url", "http://127.0.0.1:9",
        "fleetscale.gateway.tokens", "vera:viewer:" + TokenRegistry.sha256(VIEWER));
  }

  private static long ms(long secondsAgo) {
    return NOW.minusSeconds(secondsAgo).toEpochMilli();
  }

  @BeforeAll
  void write() {
    calls = new GatewayCalls(server.getPort());
    List<String> lines = new ArrayList<>();
    // Two windows of pool fl-a: the latest (20 s ago) is the one answered.
    lines.add("pool_rollup,cluster=c1,pool=fl-a,window=10s hosts=1i,members=2i,gpus=8i,"
        + "busy_gpus=1i,gpu_util_pct_mean=5,gpu_util_pct_max=9,gpu_util_pct_p95=8 " + ms(40));
    lines.add("pool_rollup,cluster=c1,pool=fl-a,window=10s hosts=2i,members=2i,gpus=16i,"
        + "busy_gpus=12i,gpu_util_pct_mean=55.5,gpu_util_pct_max=90,gpu_util_pct_p95=88,"
        + "gpu_memory_used_bytes=100000000000,gpu_memory_total_bytes=1200000000000 " + ms(20));
    lines.add("pool_rollup,cluster=c1,pool=fl-a,window=1m hosts=9i,gpus=99i " + ms(20));
    lines.add("pool_rollup,cluster=c1,pool=fl-b,window=10s hosts=1i,members=1i,gpus=8i,"
        + "busy_gpus=0i,gpu_util_pct_mean=0,gpu_util_pct_max=0,gpu_util_pct_p95=0 " + ms(20));
    lines.add("capacity_demand,pool=fl-a,resource=GPU_COUNT demand_id=\"d-1\",forecast_peak=20,"
        + "prediction_low=18,prediction_high=22,capacity=16,target_utilization=0.8,shortfall=9,"
        + "needed_by=\"2027-03-01\",model=\"holt-winters\",fit_error=0.08 " + ms(3600));
    lines.add("host_rollup,cluster=c1,pool=fl-a,host=h1,window=10s samples=10i,"
        + "gpu_util_pct_mean=80,gpu_util_pct_max=95,gpu_util_pct_p95=93,power_w_mean=4000,"
        + "power_w_max=4200,power_w_p95=4100 " + ms(20));
    lines.add("host_rollup,cluster=c1,pool=fl-a,host=h2,window=10s samples=9i,"
        + "gpu_util_pct_mean=31,gpu_util_pct_max=40,gpu_util_pct_p95=39 " + ms(20));
    lines.add("host_rollup,cluster=c1,pool=fl-b,host=h9,window=10s samples=10i,"
        + "gpu_util_pct_mean=0,gpu_util_pct_max=0,gpu_util_pct_p95=0 " + ms(20));
    // h1: GPU 0 healthy and busy, GPU 1 lost after Xid 79 with uncorrected ECC errors, GPU 2
    // held down by hardware thermal slowdown (0x40) and capped by software (0x4).
    lines.add("gpu_rollup,cluster=c1,pool=fl-a,host=h1,gpu=0,window=10s gpu_util_pct_mean=90,"
        + "gpu_util_pct_max=99,gpu_util_pct_p95=98,health=\"OK\",xid_count=0i,"
        + "ecc_uncorrected_total=0i,remapped_rows_pending=false,remapped_rows_failure=false,"
        + "clocks_event_reasons=0i " + ms(20));
    lines.add("gpu_rollup,cluster=c1,pool=fl-a,host=h1,gpu=1,window=10s health=\"LOST\","
        + "xid_count=2i,xid_last=79i,ecc_uncorrected_total=3i,remapped_rows_pending=true "
        + ms(20));
    lines.add("gpu_rollup,cluster=c1,pool=fl-a,host=h1,gpu=2,window=10s gpu_util_pct_mean=70,"
        + "gpu_util_pct_max=75,gpu_util_pct_p95=74,health=\"OK\",xid_count=0i,"
        + "clocks_event_reasons=68i " + ms(20));
    // h2: GPU 0 at 0 % since its last busy window 6.5 minutes ago; GPU 1 busy 2 minutes ago.
    for (long ago = 420; ago >= 20; ago -= 10) {
      double util0 = ago == 390 ? 40 : 0;
      double util1 = ago == 120 ? 60 : 0;
      lines.add("gpu_rollup,cluster=c1,pool=fl-a,host=h2,gpu=0,window=10s gpu_util_pct_mean="
          + util0 + ",gpu_util_pct_max=" + util0 + ",gpu_util_pct_p95=" + util0 + " " + ms(ago));
      lines.add("gpu_rollup,cluster=c1,pool=fl-a,host=h2,gpu=1,window=10s gpu_util_pct_mean="
          + util1 + ",gpu_util_pct_max=" + util1 + ",gpu_util_pct_p95=" + util1 + " " + ms(ago));
    }
    // fl-b's h9: never busy in the look-back, reporting for 10 minutes: idle.
    for (long ago = 600; ago >= 20; ago -= 10) {
      lines.add("gpu_rollup,cluster=c1,pool=fl-b,host=h9,gpu=0,window=10s gpu_util_pct_mean=0,"
          + "gpu_util_pct_max=0,gpu_util_pct_p95=0 " + ms(ago));
    }
    // Decisions: fl-a at 60, 40, 20 s ago, fl-b at 40 s ago; one rebalance plan of fl-a.
    for (long ago : new long[] {60, 40, 20}) {
      lines.add("autoscale_decision,pool=fl-a decision_id=\"as-a-" + ago + "\",mode=\"REACTIVE\","
          + "metric=\"gpu_util_pct\",current_replicas=4i,raw_recommendation=5i,"
          + "desired_replicas=5i,observed=91.5,target=70,reason=\"utilization 91.5 above 70\","
          + "limits_applied=\"max-step\" " + ms(ago));
    }
    lines.add("autoscale_decision,pool=fl-b decision_id=\"as-b-40\",mode=\"PREDICTIVE\","
        + "metric=\"gpu_util_pct\",current_replicas=2i,raw_recommendation=2i,desired_replicas=2i,"
        + "observed=10,target=70,reason=\"hold\",limits_applied=\"\" " + ms(40));
    lines.add("rebalance_plan,pool=fl-a plan_id=\"rb-1\",moves=3i,infeasible_goals=0i,"
        + "score_before=12.5,score_after=4.25 " + ms(40));
    lines.add("rebalance_goal,pool=fl-a,goal=gang hard=true,satisfied=true,duration_us=120i "
        + ms(40));
    lines.add("rebalance_goal,pool=fl-a,goal=power-headroom hard=false,satisfied=false,"
        + "duration_us=80i " + ms(40));
    INFLUX.client().getWriteApiBlocking().writeRecords(INFLUX.bucket(), INFLUX.org(),
        WritePrecision.MS, lines);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String path) {
    Answer a = calls.get(path, VIEWER);
    assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
    return (List<Map<String, Object>>) a.json();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void poolsAnswerTheirLatestWindowWithCapacityAgainstTheForecast() {
    List<Map<String, Object>> pools = list("/api/v1/pools");
    assertThat(pools).extracting(p -> p.get("pool")).contains("fl-a", "fl-b");
    Map<String, Object> a = list("/api/v1/pools?pool=fl-a").get(0);
    assertThat(a).containsEntry("pool", "fl-a").containsEntry("cluster", "c1")
        .containsEntry("hosts", 2).containsEntry("gpus", 16).containsEntry("busy_gpus", 12)
        .containsEntry("window_end", NOW.minusSeconds(20).toString());
    assertThat(map(map(a.get("metrics")).get("gpu_util_pct")))
        .containsEntry("mean", 55.5).containsEntry("max", 90.0);
    Map<String, Object> gpus = map(map(a.get("capacity")).get("GPU_COUNT"));
    assertThat(gpus).containsEntry("demand", 12.0).containsEntry("capacity", 16.0);
    assertThat(map(gpus.get("forecast"))).containsEntry("demand_id", "d-1")
        .containsEntry("shortfall", 9.0).containsEntry("needed_by", "2027-03-01")
        .containsEntry("forecast_peak", 20.0);
    assertThat(map(map(a.get("capacity")).get("GPU_MEMORY_BYTES")))
        .containsEntry("capacity", 1.2e12).doesNotContainKey("forecast");
    assertThat(map(a.get("capacity"))).doesNotContainKey("SSD_CAPACITY_BYTES");
  }

  @Test
  void hostsAnswerTheirLatestWindowByPool() {
    assertThat(list("/api/v1/hosts?pool=fl-a")).extracting(h -> h.get("host"))
        .containsExactly("h1", "h2");
    Map<String, Object> h1 = list("/api/v1/hosts?pool=fl-a").get(0);
    assertThat(h1).containsEntry("samples", 10).containsEntry("pool", "fl-a");
    assertThat(map(map(h1.get("metrics")).get("power_w"))).containsEntry("mean", 4000.0);
    assertThat(list("/api/v1/hosts")).extracting(h -> h.get("host")).contains("h1", "h2", "h9");
  }

  @Test
  @SuppressWarnings("unchecked")
  void gpusAnswerTheirValuesAndHealth() {
    List<Map<String, Object>> h1 = list("/api/v1/gpus?pool=fl-a&host=h1");
    assertThat(h1).extracting(g -> g.get("gpu")).containsExactly("0", "1", "2");
    Map<String, Object> ok = map(h1.get(0).get("health"));
    assertThat(ok).containsEntry("state", "OK").containsEntry("healthy", true)
        .containsEntry("throttled", false).containsEntry("xid_count", 0);
    assertThat(map(map(h1.get(0).get("metrics")).get("gpu_util_pct"))).containsEntry("max", 99.0);

    Map<String, Object> lost = map(h1.get(1).get("health"));
    assertThat(lost).containsEntry("state", "LOST").containsEntry("healthy", false)
        .containsEntry("xid_last", 79).containsEntry("remapped_rows_pending", true);
    assertThat((List<String>) lost.get("problems")).containsExactly("state LOST",
        "xid 79 (2 in the window)", "3 uncorrected ECC errors since the driver loaded",
        "row remap pending: the GPU needs a reset");

    Map<String, Object> hot = map(h1.get(2).get("health"));
    assertThat(hot).containsEntry("throttled", true).containsEntry("healthy", false);
    assertThat((List<String>) hot.get("throttle_reasons"))
        .containsExactly("sw_power_cap", "hw_thermal_slowdown");

    assertThat(list("/api/v1/gpus?pool=fl-a&health=unhealthy"))
        .extracting(g -> g.get("host") + "/" + g.get("gpu")).containsExactly("h1/1", "h1/2");
    assertThat(list("/api/v1/gpus?pool=fl-a&health=healthy"))
        .extracting(g -> g.get("host") + "/" + g.get("gpu"))
        .containsExactly("h1/0", "h2/0", "h2/1");
  }

  @Test
  void idleGpusAreThoseAtZeroPercentForFiveMinutes() {
    List<Map<String, Object>> idle = list("/api/v1/gpus/idle");
    assertThat(idle).extracting(g -> g.get("pool") + "/" + g.get("host") + "/" + g.get("gpu"))
        .containsExactly("fl-a/h2/0", "fl-b/h9/0");
    assertThat(idle.get(0)).containsEntry("idle_since", NOW.minusSeconds(390).toString())
        .containsEntry("idle_seconds", 370);
    assertThat(((Number) idle.get(1).get("idle_seconds")).intValue()).isGreaterThanOrEqualTo(300);
    assertThat(list("/api/v1/gpus/idle?pool=fl-b")).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> page(String query) {
    Answer a = calls.get("/api/v1/decisions" + query, VIEWER);
    assertThat(a.status()).as(query + ": " + a.body()).isEqualTo(200);
    return a.object();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> decisions(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("decisions");
  }

  @Test
  @SuppressWarnings("unchecked")
  void decisionsAreFilteredAndPagedNewestFirstWithReasonAndInputs() {
    Map<String, Object> first = page("?pool=fl-a&limit=2");
    assertThat(decisions(first)).extracting(d -> d.get("id")).containsExactly("as-a-20", "as-a-40");
    assertThat(first).containsEntry("next_offset", 2).containsEntry("limit", 2);
    Map<String, Object> second = page("?pool=fl-a&limit=2&offset=2");
    assertThat(decisions(second)).extracting(d -> d.get("id")).containsExactly("rb-1", "as-a-60");
    assertThat(second.get("next_offset")).isNull();

    Map<String, Object> scale = decisions(first).get(0);
    assertThat(scale).containsEntry("kind", "autoscale").containsEntry("pool", "fl-a")
        .containsEntry("reason", "utilization 91.5 above 70")
        .containsEntry("time", NOW.minusSeconds(20).toString());
    assertThat(map(scale.get("inputs"))).containsEntry("mode", "REACTIVE")
        .containsEntry("observed", 91.5).containsEntry("current_replicas", 4);
    assertThat(map(scale.get("outcome"))).containsEntry("desired_replicas", 5)
        .containsEntry("limits_applied", List.of("max-step"));

    Map<String, Object> plan = decisions(page("?kind=rebalance")).get(0);
    assertThat(plan).containsEntry("id", "rb-1").containsEntry("reason",
        "3 moves lower the score from 12.5 to 4.25; goals not met: power-headroom");
    assertThat((List<Map<String, Object>>) map(plan.get("inputs")).get("goals"))
        .extracting(g -> g.get("goal")).containsExactlyInAnyOrder("gang", "power-headroom");
    assertThat(map(plan.get("outcome"))).containsEntry("moves", 3);

    String from = NOW.minusSeconds(45).toString();
    String to = NOW.minusSeconds(35).toString();
    assertThat(decisions(page("?kind=autoscale&from=" + from + "&to=" + to)))
        .extracting(d -> d.get("id")).containsExactly("as-a-40", "as-b-40");
  }

  @Test
  void badFiltersAre400NamingTheField() {
    assertThat(calls.get("/api/v1/decisions?kind=scale", VIEWER).object())
        .containsEntry("status", 400)
        .containsEntry("message", "kind: must be one of [autoscale, rebalance]");
    assertThat(calls.get("/api/v1/decisions?limit=501", VIEWER).object())
        .containsEntry("message", "limit: must be less than or equal to 500");
    assertThat(calls.get("/api/v1/decisions?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        VIEWER).object()).containsEntry("message", "from: must not be after to");
    assertThat((String) calls.get("/api/v1/decisions?from=yesterday", VIEWER).object()
        .get("message")).startsWith("from: ");
    Answer injection = calls.get("/api/v1/pools?pool=x'%20OR%20'1'='1", VIEWER);
    assertThat(injection.status()).isEqualTo(400);
    assertThat((String) injection.object().get("message")).startsWith("pool: must be 1-200");
    assertThat(calls.get("/api/v1/gpus?health=sick", VIEWER).object())
        .containsEntry("message", "health: must be one of [all, healthy, unhealthy]");
  }
}
