package dev.fleetscale.optimizer;

import static dev.fleetscale.optimizer.OptimizerIT.decode;
import static dev.fleetscale.optimizer.OptimizerIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.contracts.serde.EventType;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer as a real process, killed with SIGKILL while it consumes, then started again:
 * every window is decided exactly once and no point is overwritten by a partial aggregate.
 */
class OptimizerKillIT {

  @RegisterExtension
  static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension
  static final InfluxExtension influx = new InfluxExtension();

  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final URI AGENT = URI.create("/fleetscale/telemetry-agent/test");

  @TempDir
  Path logs;

  private Process startOptimizer(String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), OptimizerMain.class.getName());
    Map<String, String> env = builder.environment();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    // Every window decided from the first one: both hosts report from the start, so one window
    // of membership horizon is enough (OptimizerIT's membership test uses a longer one).
    env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
    env.put("FLEETSCALE_KAFKA_MAX_POLL_RECORDS", "5");
    File log = logs.resolve(name + ".log").toFile();
    return builder.redirectErrorStream(true).redirectOutput(log).start();
  }

  private static void produce(KafkaProducer<String, byte[]> producer, int from, int to) {
    for (int s = from; s <= to; s++) {
      Instant at = T0.plusSeconds(s);
      producer.send(EventRecords.toProducerRecord(Samples.host("k1", "pool-k", s, at, 4, 4, 80),
          AGENT));
      producer.send(EventRecords.toProducerRecord(Samples.host("k2", "pool-k", s, at, 4, 1, 80),
          AGENT));
    }
    producer.flush();
  }

  @Test
  void killNineMidStreamLosesAndDuplicatesNothing() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 2);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 2);
    kafka.createTopic(Topics.AUTOSCALE, 1);
    List<ConsumerRecord<String, byte[]>> decisions = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of());
        KafkaConsumer<String, byte[]> consumer = kafka.consumer(Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
      consumer.subscribe(List.of(Topics.AUTOSCALE));
      Process first = startOptimizer("first");
      try {
        produce(producer, 1, 40);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(decisions::add);
          return decisions.size() >= 2;
        });
        produce(producer, 41, 90);
        // Mid-stream: it is consuming the second burst (small batches) when it dies.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
          consumer.poll(Duration.ofMillis(100)).forEach(decisions::add);
          return decisions.size() >= 4;
        });
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        first.waitFor(30, TimeUnit.SECONDS);
      }
      produce(producer, 91, 130);
      Process second = startOptimizer("second");
      try {
        Instant lastExpected = T0.plusSeconds(110);
        await().atMost(Duration.ofSeconds(120)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(decisions::add);
          return decisions.stream().map(r -> decode(r, EventType.AUTOSCALE_DECISION))
              .anyMatch(d -> !d.decidedAt().isBefore(lastExpected));
        });
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (AssertionError | RuntimeException e) {
      for (String name : List.of("first", "second")) {
        Path log = logs.resolve(name + ".log");
        if (Files.exists(log)) {
          System.err.println("---- " + name + " ----\n" + Files.readString(log));
        }
      }
      throw e;
    }

    List<Instant> expected = new ArrayList<>(
        OptimizerIT.assertEachWindowDecidedOnce(decisions, T0.plusSeconds(10)));
    assertThat(influx.query("SELECT hosts, gpu_util_pct_mean FROM pool_rollup WHERE "
        + "pool = 'pool-k' AND \"window\" = '10s'")).hasSizeGreaterThanOrEqualTo(expected.size())
        .allSatisfy(row -> {
          assertThat(num(row, "hosts")).isEqualTo(2.0);
          assertThat(num(row, "gpu_util_pct_mean")).isEqualTo(50.0);
        });
    assertThat(influx.query("SELECT samples FROM host_rollup WHERE pool = 'pool-k' "
        + "AND \"window\" = '10s'")).isNotEmpty()
        .allSatisfy(row -> assertThat(num(row, "samples")).isEqualTo(10.0));
  }
}
