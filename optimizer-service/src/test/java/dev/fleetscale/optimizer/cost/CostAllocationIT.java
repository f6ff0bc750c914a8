package dev.fleetscale.optimizer.cost;

import static dev.fleetscale.optimizer.cost.CostSamples.H;
import static dev.fleetscale.optimizer.cost.CostSamples.gpu;
import static dev.fleetscale.optimizer.cost.CostSamples.host;
import static dev.fleetscale.optimizer.cost.CostSamples.proc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.contracts.telemetry.HostSample;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.OptimizerVerticle;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cost allocation end to end against a real Kafka broker and a real influxd: an hour of telemetry
 * from three hosts through the optimizer, the {@code cost_allocation} points read back with
 * InfluxQL, and the same figures through {@code GET /costs} (JSON, CSV, 400s). Every expected
 * figure is worked out in the comments from the rates: pool pa $8 and pool pb $4 per GPU-hour,
 * $0.10 per kWh.
 */
class CostAllocationIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension
  static final InfluxExtension influx = new InfluxExtension();

  static final URI AGENT = URI.create("/fleetscale/telemetry-agent/test");
  static Vertx vertx;
  static int port;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 3);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 3);
    for (String t : List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND,
        Topics.DEADLETTER)) {
      kafka.createTopic(t, 1);
    }
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
    env.put("FLEETSCALE_COST_USD_PER_GPU_HOUR_BY_POOL", "pa=8,pb=4");
    env.put("FLEETSCALE_COST_USD_PER_KWH", "0.10");
    vertx = Vertx.vertx();
    OptimizerVerticle optimizer = OptimizerMain.start(vertx, OptimizerMain.load(null, env))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    port = optimizer.httpPort();
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      for (int s = 10; s <= 3680; s += 10) {
        Instant at = H.plusSeconds(s);
        // a1: GPU 0 runs w1 (team nlp) at 50 %, 400 W; GPU 1 idle at 100 W.
        send(producer, host("a1", "pa", at, 10_000, List.of(
            gpu(0, 50.0, 400.0, null, false, List.of(proc("w1", 1L << 30,
                Map.of("team", "nlp")))),
            gpu(1, 0.0, 100.0, null, false, List.of()))));
        // a2: GPU 0 runs w2 (team vision) at 100 %, 300 W.
        send(producer, host("a2", "pa", at, 10_000, List.of(
            gpu(0, 100.0, 300.0, null, false, List.of(proc("w2", 1L << 30,
                Map.of("team", "vision")))))));
        // b1: w3 at 100 %, 100 W, for the first 20 minutes; then the host disappears.
        if (s <= 1200) {
          send(producer, host("b1", "pb", at, 10_000, List.of(
              gpu(0, 100.0, 100.0, null, false, List.of(proc("w3", 1L << 30))))));
        }
      }
      producer.flush();
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, HostSample sample) {
    producer.send(EventRecords.toProducerRecord(sample, AGENT));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static long sum(String where) {
    List<Map<String, Object>> rows = influx.query("SELECT sum(cost_micro_usd) AS c FROM"
        + " cost_allocation WHERE \"window\" = '1h' AND time = '2026-12-01T11:00:00Z'" + where);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("c")).longValue();
  }

  @Test
  void pointsReconcileInInfluxAndThroughTheApi() throws Exception {
    // a1: w1 $8 + 0.4 kWh × $0.10 = 8,040,000 µ$; idle GPU $8 + 0.1 kWh = 8,010,000.
    // a2: w2 $8 + 0.3 kWh = 8,030,000. b1: w3 1/3 h × $4 = 1,333,333 + 1/30 kWh × $0.10 = 3,333.
    long total = 8_040_000 + 8_010_000 + 8_030_000 + 1_333_333 + 3_333;
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(sum("")).isEqualTo(total));
    assertThat(sum(" AND workload = 'w1'")).isEqualTo(8_040_000);
    assertThat(sum(" AND workload = 'w3' AND host = 'b1'")).isEqualTo(1_336_666);
    assertThat(sum(" AND workload = '__idle__'")).isEqualTo(8_010_000);
    assertThat(sum(" AND workload != '__idle__'") + sum(" AND workload = '__idle__'"))
        .isEqualTo(total);
    Map<String, Object> w1 = influx.query("SELECT * FROM cost_allocation WHERE workload = 'w1'")
        .get(0);
    assertThat(((Number) w1.get("allocated_gpu_hours")).doubleValue()).isEqualTo(1.0);
    assertThat(((Number) w1.get("used_gpu_hours")).doubleValue()).isEqualTo(0.5);
    assertThat(((Number) w1.get("efficiency")).doubleValue()).isEqualTo(0.5);
    assertThat(((Number) w1.get("energy_kwh")).doubleValue()).isEqualTo(0.4);
    assertThat(w1).containsEntry("labels", "team=nlp").containsEntry("gpu", 0L)
        .containsEntry("pool", "pa").containsEntry("workload_kind", "KUBERNETES_POD")
        .containsEntry("rate_source", "config:usdPerGpuHourByPool");

    String window = "window=2026-12-01T10:00:00Z,2026-12-01T11:00:00Z";
    JsonNode pools = get("/costs?" + window + "&aggregate=pool", 200);
    JsonNode set = pools.get("data").get(0);
    assertThat(set.get("pa").get("totalCostMicroUsd").asLong()).isEqualTo(16_070_000);
    assertThat(set.get("pb").get("totalCostMicroUsd").asLong()).isEqualTo(1_336_666);
    assertThat(set.get("__idle__").get("totalCost").decimalValue())
        .isEqualByComparingTo("8.010000");
    assertThat(set.get("pa").get("gpuHours").asDouble()).isEqualTo(2.0);
    assertThat(pools.get("totals").get(0).get("totalCostMicroUsd").asLong()).isEqualTo(total);

    JsonNode byHost = get("/costs?" + window + "&aggregate=workload&idle=byHost", 200)
        .get("data").get(0);
    assertThat(byHost.get("w1").get("totalCostMicroUsd").asLong())
        .isEqualTo(8_040_000 + 8_010_000); // a1's idle GPU goes to w1, the only workload on a1
    assertThat(byHost.has("__idle__")).isFalse();

    JsonNode teams = get("/costs?" + window + "&aggregate=label:team&idle=share", 200)
        .get("data").get(0);
    assertThat(teams.get("nlp").get("totalCostMicroUsd").asLong()
        + teams.get("vision").get("totalCostMicroUsd").asLong()
        + teams.get("__unallocated__").get("totalCostMicroUsd").asLong()).isEqualTo(total);

    HttpResponse<String> csv = raw("/costs?" + window + "&aggregate=host&format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("text/csv"));
    assertThat(csv.body().lines()).anySatisfy(l -> assertThat(l)
        .startsWith("2026-12-01T10:00:00Z,2026-12-01T11:00:00Z,a2,1.0,1.0,")
        .endsWith(",8.030000,8030000"));

    JsonNode bad = get("/costs?window=7d&aggregate=namespace", 400);
    assertThat(bad.get("error").asText())
        .isEqualTo("aggregate: must be pool, workload, host, gpu or label:KEY, was 'namespace'");
    assertThat(get("/costs?window=7d&step=5d", 400).get("error").asText())
        .isEqualTo("step: must divide the window (168h), was '5d'");
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(String path, int status) throws Exception {
    HttpResponse<String> r = raw(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return Json.mapper().readTree(r.body());
  }
}
