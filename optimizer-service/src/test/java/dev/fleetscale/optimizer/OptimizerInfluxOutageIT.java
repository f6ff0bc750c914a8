package dev.fleetscale.optimizer;

import static dev.fleetscale.optimizer.OptimizerIT.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.testkit.influx.InfluxV2WriteBridge;
import dev.fleetscale.testkit.influx.InfluxdProcess;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * InfluxDB goes away mid-stream while up to four batches wait on it, and comes back: the failed
 * batches are not committed, the host stage rewinds to its last commit and replays, and in the
 * end every 10 s window is written and decided exactly once, with nothing missing. This is the
 * failure path of the host stage's chained commits (TelemetryStage).
 */
class OptimizerInfluxOutageIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final URI AGENT = URI.create("/fleetscale/telemetry-agent/test");

  private static void produce(KafkaProducer<String, byte[]> producer, int from, int to) {
    for (int s = from; s <= to; s++) {
      Instant at = T0.plusSeconds(s);
      producer.send(EventRecords.toProducerRecord(Samples.host("o1", "pool-o", s, at, 4, 4, 60),
          AGENT));
      producer.send(EventRecords.toProducerRecord(Samples.host("o2", "pool-o", s, at, 4, 2, 60),
          AGENT));
    }
    producer.flush();
  }

  /** Rows of an InfluxQL query straight to influxd (not through the optimizer's client). */
  private static List<JsonNode> query(InfluxdProcess influxd, String influxql) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(influxd.url() + "/query?db=fleetscale&epoch=s&q="
                + URLEncoder.encode(influxql, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode series = Json.mapper().readTree(response.body()).path("results").path(0)
        .path("series").path(0);
    List<JsonNode> rows = new ArrayList<>();
    series.path("values").forEach(rows::add);
    return rows;
  }

  private static boolean decidedUpTo(KafkaConsumer<String, byte[]> consumer,
      List<ConsumerRecord<String, byte[]>> decisions, Instant window) {
    consumer.poll(Duration.ofMillis(200)).forEach(decisions::add);
    return decisions.stream().map(r -> decode(r, EventType.AUTOSCALE_DECISION))
        .anyMatch(d -> !d.decidedAt().isBefore(window));
  }

  @Test
  void anInfluxOutageLosesAndDuplicatesNothing() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 2);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 2);
    kafka.createTopic(Topics.AUTOSCALE, 1);
    List<ConsumerRecord<String, byte[]>> decisions = new ArrayList<>();
    try (InfluxdProcess influxd = InfluxdProcess.onFreePorts()) {
      influxd.start();
      influxd.createDatabase("fleetscale");
      try (InfluxV2WriteBridge bridge = InfluxV2WriteBridge.start(influxd.url(), 0);
          KafkaProducer<String, byte[]> producer = kafka.producer(Map.of());
          KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
              ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
        Map<String, String> env = new HashMap<>();
        env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("FLEETSCALE_INFLUX_URL", bridge.url());
        env.put("FLEETSCALE_HTTP_PORT", "0");
        // Every window decided from the first one: both hosts report from the start, so one window
        // of membership horizon is enough (OptimizerIT's membership test uses a longer one).
        env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
        // Small batches, so several are in flight when InfluxDB goes away.
        env.put("FLEETSCALE_KAFKA_MAX_POLL_RECORDS", "7");
        consumer.subscribe(List.of(Topics.AUTOSCALE));
        Vertx vertx = Vertx.vertx();
        try {
          OptimizerMain.start(vertx, OptimizerMain.load(null, env)).toCompletionStage()
              .toCompletableFuture().get(60, TimeUnit.SECONDS);
          // Arrange: the optimizer is deciding.
          produce(producer, 1, 40);
          await().atMost(Duration.ofSeconds(60))
              .until(() -> decidedUpTo(consumer, decisions, T0.plusSeconds(30)));

          // Act: InfluxDB stops while samples keep coming, then returns.
          influxd.stop();
          produce(producer, 41, 80);
          Thread.sleep(4000); // the outage: the optimizer's writes fail and it retries
          influxd.start();
          produce(producer, 81, 121);
          await().atMost(Duration.ofSeconds(90))
              .until(() -> decidedUpTo(consumer, decisions, T0.plusSeconds(110)));
        } finally {
          vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }

      // Assert: every window decided once, no gap; every window's points written, whole.
      TreeSet<Instant> windows =
          OptimizerIT.assertEachWindowDecidedOnce(decisions, T0.plusSeconds(10));
      assertThat(windows.last()).isAfterOrEqualTo(T0.plusSeconds(110));

      long last = T0.plusSeconds(110).getEpochSecond();
      List<JsonNode> hostRows = query(influxd, "SELECT samples FROM host_rollup WHERE "
          + "pool = 'pool-o' AND \"window\" = '10s' AND time <= " + last + "s");
      // 11 windows (T0+10 .. T0+110) x 2 hosts, each with all 10 samples.
      assertThat(hostRows).hasSize(22)
          .allSatisfy(row -> assertThat(row.get(1).asDouble()).isEqualTo(10.0));
      List<JsonNode> poolRows = query(influxd, "SELECT hosts FROM pool_rollup WHERE "
          + "pool = 'pool-o' AND \"window\" = '10s' AND time <= " + last + "s");
      assertThat(poolRows).hasSize(11)
          .allSatisfy(row -> assertThat(row.get(1).asDouble()).isEqualTo(2.0));
      assertThat(query(influxd, "SELECT count(gpu_util_pct_mean) FROM gpu_rollup WHERE "
          + "pool = 'pool-o' AND \"window\" = '10s' AND time <= " + last + "s"))
          .singleElement().satisfies(row -> assertThat(row.get(1).asLong()).isEqualTo(88));
    }
  }
}
