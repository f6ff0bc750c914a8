package dev.fleetscale.optimizer;

import static dev.fleetscale.optimizer.OptimizerIT.decode;
import static dev.fleetscale.optimizer.OptimizerIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stops the optimizer mid-stream without a final commit and starts a new one in the same group:
 * every window is decided exactly once (by id), and no window's point is overwritten by a partial
 * aggregate of a replay. A stop of the Vert.x instance stands in for kill -9: the optimizer
 * commits only after a batch's effects are durable, never at shutdown, so the two leave the
 * same committed state behind.
 */
class OptimizerRestartIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension
  static final InfluxExtension influx = new InfluxExtension();

  static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
  static final URI AGENT = URI.create("/fleetscale/telemetry-agent/test");

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    // Every window decided from the first one: both hosts report from the start, so one window
    // of membership horizon is enough (OptimizerIT's membership test uses a longer one).
    env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
    env.put("FLEETSCALE_KAFKA_MAX_POLL_RECORDS", "7");
    return env;
  }

  private static void produce(KafkaProducer<String, byte[]> producer, int from, int to) {
    for (int s = from; s <= to; s++) {
      Instant at = T0.plusSeconds(s);
      // Load drops after 45 s: the 300 s scale-down stabilization must hold the pool at 2 hosts
      // across the restart, which only works if the autoscaler's history survives it.
      double util = s <= 45 ? 80 : 16;
      producer.send(EventRecords.toProducerRecord(Samples.host("r1", "pool-b", s, at, 4, 4, util),
          AGENT));
      producer.send(EventRecords.toProducerRecord(Samples.host("r2", "pool-b", s, at, 4, 1, util),
          AGENT));
    }
    producer.flush();
  }

  @Test
  void restartMidStreamLosesAndDuplicatesNothing() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 2);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 2);
    kafka.createTopic(Topics.AUTOSCALE, 1);
    var config = OptimizerMain.load(null, env());
    List<ConsumerRecord<String, byte[]>> decisions = new ArrayList<>();

    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of());
        KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
            org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"))) {
      consumer.subscribe(List.of(Topics.AUTOSCALE));
      Vertx first = Vertx.vertx();
      OptimizerMain.start(first, config).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      produce(producer, 1, 60);
      // Stop once the window after the drop is decided (committed, since the consumer reads
      // committed only): from then on, holding the pool at 2 hosts needs the restored history.
      Instant afterDrop = T0.plusSeconds(50);
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(decisions::add);
        return decisions.stream().map(r -> decode(r, EventType.AUTOSCALE_DECISION))
            .anyMatch(d -> !d.decidedAt().isBefore(afterDrop));
      });
      first.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

      produce(producer, 61, 130);
      Vertx second = Vertx.vertx();
      try {
        OptimizerMain.start(second, config).toCompletionStage().toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        Instant lastExpected = T0.plusSeconds(110);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(decisions::add);
          return decisions.stream().map(r -> decode(r, EventType.AUTOSCALE_DECISION))
              .anyMatch(d -> !d.decidedAt().isBefore(lastExpected));
        });
      } finally {
        second.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }

    for (ConsumerRecord<String, byte[]> r : decisions) {
      AutoscaleDecision d = decode(r, EventType.AUTOSCALE_DECISION);
      assertThat(d.desiredReplicas()).as("decision at %s: %s", d.decidedAt(), d.reason())
          .isEqualTo(2);
      if (d.decidedAt().isAfter(T0.plusSeconds(50))) {
        assertThat(d.limitsApplied()).contains("scale_down_stabilization=300s");
      }
    }
    List<Instant> expected = new ArrayList<>(
        OptimizerIT.assertEachWindowDecidedOnce(decisions, T0.plusSeconds(10)));

    // No point was overwritten by a partial replay: every 10 s window has both hosts, all samples.
    assertThat(influx.query("SELECT hosts, gpu_util_pct_mean FROM pool_rollup WHERE "
        + "pool = 'pool-b' AND \"window\" = '10s'")).hasSizeGreaterThanOrEqualTo(expected.size())
        .allSatisfy(row -> {
          assertThat(num(row, "hosts")).isEqualTo(2.0);
          long end = TimeUnit.NANOSECONDS.toSeconds(((Number) row.get("time")).longValue())
              - T0.getEpochSecond();
          // Pool mean of the host means: 50 while loaded, 10 after the drop, 30 in the window
          // of the drop (5 s of each).
          double mean = end <= 40 ? 50 : end == 50 ? 30 : 10;
          assertThat(num(row, "gpu_util_pct_mean")).as("window ending T0+%ds", end)
              .isEqualTo(mean);
        });
    assertThat(influx.query("SELECT samples FROM host_rollup WHERE pool = 'pool-b' "
        + "AND \"window\" = '10s'")).isNotEmpty()
        .allSatisfy(row -> assertThat(num(row, "samples")).isEqualTo(10.0));
  }
}
