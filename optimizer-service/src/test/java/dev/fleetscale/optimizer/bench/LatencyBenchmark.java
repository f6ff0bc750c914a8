package dev.fleetscale.optimizer.bench;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.OptimizerVerticle;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.testkit.influx.InfluxV2WriteBridge;
import dev.fleetscale.testkit.influx.InfluxdProcess;
import dev.fleetscale.testkit.kafka.KafkaBrokerProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Decision latency in live operation: hosts send one sample per second stamped with the wall
 * clock, and the optimizer's {@code fleetscale_optimizer_decision_latency} timer measures from a
 * pool window's end (= the timestamp of its last sample) until the decision is committed on its
 * topic. Args: hosts seconds.
 */
public final class LatencyBenchmark {

  private LatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    try (KafkaBrokerProcess broker = KafkaBrokerProcess.onFreePorts();
        InfluxdProcess influxd = InfluxdProcess.onFreePorts()) {
      broker.start();
      influxd.start();
      influxd.createDatabase("fleetscale");
      Vertx vertx = Vertx.vertx();
      try (InfluxV2WriteBridge bridge = InfluxV2WriteBridge.start(influxd.url(), 0);
          Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
              broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(Topics.TELEMETRY, 6, (short) 1),
            new NewTopic(Topics.AUTOSCALE, 1, (short) 1),
            new NewTopic(Topics.REBALANCE, 1, (short) 1),
            new NewTopic(Topics.CAPACITY_DEMAND, 1, (short) 1),
            new NewTopic(Topics.DEADLETTER, 1, (short) 1))).all().get();
        Map<String, String> env = new HashMap<>();
        env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("FLEETSCALE_INFLUX_URL", bridge.url());
        env.put("FLEETSCALE_HTTP_PORT", "0");
        // Every simulated host starts at once: decide from the first window, as before pool
        // membership had a horizon, so the figure stays comparable.
        env.put("FLEETSCALE_WINDOWS_MEMBERSHIP_HORIZON_MS", "10000");
        OptimizerVerticle verticle = OptimizerMain.start(vertx, OptimizerMain.load(null, env))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        URI source = URI.create("/fleetscale/telemetry-agent/bench");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
          Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
          for (int s = 1; s <= seconds; s++) {
            long wait = next.toEpochMilli() - System.currentTimeMillis();
            if (wait > 0) {
              Thread.sleep(wait); // pacing the simulated agents at 1 Hz
            }
            for (int h = 0; h < hosts; h++) {
              producer.send(EventRecords.toProducerRecord(Samples.host("host-" + h,
                  "pool-" + (h % 10), s, next, 8, 6, 40 + (h % 50)), source));
            }
            producer.flush();
            next = next.plusSeconds(1);
          }
        }
        Thread.sleep(3000); // let the last windows' decisions land before reading the timer
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + verticle.httpPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        System.out.printf(Locale.ROOT, "%nDecision latency, %d hosts × 8 GPUs at 1 Hz for %d s, "
            + "10 pools%n", hosts, seconds);
        metrics.lines().filter(l -> l.startsWith("fleetscale_optimizer_decision_latency_seconds")
            || l.startsWith("fleetscale_optimizer_decisions_total")).forEach(System.out::println);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
    System.exit(0);
  }
}
