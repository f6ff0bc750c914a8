package dev.fleetscale.optimizer;

import static dev.fleetscale.optimizer.OptimizerIT.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.contracts.serde.Json;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two optimizer instances in one consumer group make the same decisions as one instance alone.
 * Both deployments read the same telemetry (in different groups, each with its own internal
 * topic) and publish to the same decision topic; since decision ids depend only on pool and
 * window, every id must appear exactly twice, with equal content.
 */
class OptimizerScaleOutIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension
  static final InfluxExtension influx = new InfluxExtension();

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final int POOLS = 4;

  private static Map<String, String> env(String group) {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_KAFKA_GROUP_ID", group);
    env.put("FLEETSCALE_KAFKA_POOL_SUMMARIES_TOPIC", "fleet.optimizer.pool-summaries-" + group
        + ".v1");
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    // Every window decided from the first one: both hosts report from the start, so one window
    // of membership horizon is enough (OptimizerIT's membership test uses a longer one).
    env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
    return env;
  }

  private static double samplesConsumed(String prometheusText) {
    return prometheusText.lines()
        .filter(l -> l.startsWith("fleetscale_optimizer_samples_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Members holding partitions, once the group is stable (its rebalance is over). */
  private static int members(Admin admin, String group) throws Exception {
    var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    if (description.state() != org.apache.kafka.common.ConsumerGroupState.STABLE) {
      return -1;
    }
    return (int) description.members().stream()
        .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
  }

  @Test
  void twoInstancesDecideLikeOne() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 4);
    kafka.createTopic(Topics.AUTOSCALE, 1);
    for (String g : List.of("solo", "duo")) {
      kafka.createTopic("fleet.optimizer.pool-summaries-" + g + ".v1", 4);
    }
    List<Vertx> instances = new ArrayList<>();
    List<Integer> duoPorts = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers()))) {
      for (String group : List.of("solo", "duo", "duo")) {
        Vertx vertx = Vertx.vertx();
        instances.add(vertx);
        OptimizerVerticle v = OptimizerMain.start(vertx, OptimizerMain.load(null, env(group)))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (group.equals("duo")) {
          duoPorts.add(v.httpPort());
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> members(admin, "duo") == 2
          && members(admin, "duo-pools") == 2 && members(admin, "solo-pools") == 1);

      try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
        for (int s = 1; s <= 80; s++) {
          for (int p = 0; p < POOLS; p++) {
            for (int h = 0; h < 2; h++) {
              // Each pool has its own load, and it rises, so the decisions differ by pool and
              // window.
              double util = Math.min(100, 20 + 15 * p + s / 4.0 + 10 * h);
              producer.send(EventRecords.toProducerRecord(Samples.host("p" + p + "-h" + h,
                  "p" + p, s, T0.plusSeconds(s), 2, 2, util),
                  URI.create("/fleetscale/telemetry-agent/test")));
            }
          }
        }
      }

      int expectedPerGroup = POOLS * 6; // windows ending T0+10 .. T0+60 are closed for sure
      Map<String, List<AutoscaleDecision>> byId = new HashMap<>();
      try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
        consumer.subscribe(List.of(Topics.AUTOSCALE));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            AutoscaleDecision d = decode(r, EventType.AUTOSCALE_DECISION);
            byId.computeIfAbsent(d.decisionId(), k -> new ArrayList<>()).add(d);
          }
          return byId.values().stream().filter(l -> l.size() == 2).count() >= expectedPerGroup;
        });
      }
      List<List<AutoscaleDecision>> pairs = byId.values().stream()
          .filter(l -> !l.get(0).decidedAt().isAfter(T0.plusSeconds(60))).toList();
      assertThat(pairs).hasSize(expectedPerGroup);
      assertThat(pairs).allSatisfy(pair -> {
        assertThat(pair).hasSize(2);
        assertThat(pair.get(0)).isEqualTo(pair.get(1));
      });

      // Both duo instances did host-stage work, and each serves the pools it owns through the
      // read API: together all of them, none twice. (Which instance owns which pool is up to
      // the partition assignment.)
      HttpClient http = HttpClient.newHttpClient();
      List<String> served = new ArrayList<>();
      for (int port : duoPorts) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/pools")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode pools = Json.mapper().readTree(response.body()).get("pools");
        pools.forEach(p -> served.add(p.get("pool").asText()));
        String metrics = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(samplesConsumed(metrics)).as("samples consumed by instance at port %d", port)
            .isPositive();
      }
      assertThat(served).containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
      HttpResponse<String> decisions = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + duoPorts.get(0) + "/decisions?type=autoscale")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(Json.mapper().readTree(decisions.body()).get("decisions").size()).isPositive();
    } finally {
      for (Vertx v : instances) {
        v.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
