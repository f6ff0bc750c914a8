package dev.fleetscale.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.kafka.EventRecords;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import dev.fleetscale.testkit.prometheus.PrometheusServer;
import dev.fleetscale.testkit.prometheus.Promtool;
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

/** The optimizer's /metrics through the real promtool and a real Prometheus server. */
class OptimizerMetricsIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
  @RegisterExtension static final InfluxExtension influx = new InfluxExtension();

  static Vertx vertx;
  static OptimizerVerticle optimizer;

  @BeforeAll
  static void startOptimizer() throws Exception {
    kafka.createTopic(Topics.TELEMETRY, 3);
    kafka.createTopic("fleet.optimizer.pool-summaries.v1", 3);
    for (String t : List.of(Topics.AUTOSCALE, Topics.REBALANCE, Topics.CAPACITY_DEMAND, Topics.DEADLETTER)) {
      kafka.createTopic(t, 1);
    }
    vertx = Vertx.vertx();
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FLEETSCALE_INFLUX_URL", influx.url());
    env.put("FLEETSCALE_INFLUX_ORG", influx.org());
    env.put("FLEETSCALE_INFLUX_BUCKET", influx.bucket());
    env.put("FLEETSCALE_INFLUX_TOKEN", new String(influx.token()));
    env.put("FLEETSCALE_HTTP_PORT", "0");
    optimizer = OptimizerMain.start(vertx, OptimizerMain.load(null, env)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void metricsPassPromtoolAndPrometheusScrapesThem() throws Exception {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    try (KafkaProducer<String, byte[]> producer = kafka.producer(Map.of())) {
      for (int s = 1; s <= 20; s++) {
        producer.send(EventRecords.toProducerRecord(
            Samples.host("m1", "pool-m", s, t0.plusSeconds(s), 2, 1, 50), OptimizerIT.AGENT));
      }
      producer.flush();
    }
    HttpClient http = HttpClient.newHttpClient();
    URI metricsUri = URI.create("http://127.0.0.1:" + optimizer.httpPort() + "/metrics");
    await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(metricsUri).build(),
        HttpResponse.BodyHandlers.ofString()).body().contains("fleetscale_optimizer_samples_total{service=\"optimizer-service\"} 20.0"));
    String text = http.send(HttpRequest.newBuilder(metricsUri).build(), HttpResponse.BodyHandlers.ofString()).body();

    assertThat(text).contains("system_cpus{").contains("process_cpu_seconds_total{");
    assertThat(Promtool.checkMetrics(text)).isEmpty();

    try (PrometheusServer prometheus = PrometheusServer.start(
        List.of(PrometheusServer.Target.metrics("optimizer", optimizer.httpPort())))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(60));

      assertThat(prometheus.awaitQuery("fleetscale_optimizer_samples_total{job=\"optimizer\"}", Duration.ofSeconds(30)))
          .singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(20.0);
            assertThat(s.labels()).containsEntry("service", "optimizer-service");
          });
    }
  }
}
