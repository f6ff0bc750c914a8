package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.contracts.metrics.MetricCatalogue;
import dev.fleetscale.contracts.metrics.MetricDefinition;
import dev.fleetscale.contracts.metrics.MetricKind;
import dev.fleetscale.contracts.metrics.MetricScope;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import dev.fleetscale.testkit.nvml.NvmlScenario;
import dev.fleetscale.testkit.prometheus.PrometheusServer;
import dev.fleetscale.testkit.prometheus.Promtool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's operational endpoints against real servers: /metrics through the real promtool and
 * a real Prometheus, /health through a broker outage.
 */
class AgentOpsIT {

  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  @TempDir Path dir;
  private Vertx vertx;
  private WebClient web;

  @BeforeAll
  static void createTopic() {
    kafka.createTopic(Topics.TELEMETRY, 1);
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx(AgentMain.smallFootprint());
    web = WebClient.create(vertx);
  }

  @AfterEach
  void closeVertx() throws Exception {
    join(vertx.close());
  }

  /**
   * The lint lines promtool may report for the agent, and only these: the DCGM metrics keep
   * dcgm-exporter's names and labels so that dashboards written for dcgm-exporter work unchanged.
   * Their label {@code modelName} is camelCase, their counters have no {@code _total} suffix, and
   * {@code DCGM_FI_DEV_PCIE_REPLAY_COUNTER} carries its type in its name: all as upstream.
   */
  static Set<Promtool.Lint> dcgmExporterCompatibility(MetricCatalogue catalogue) {
    Set<Promtool.Lint> accepted = new HashSet<>();
    for (MetricDefinition m : catalogue.scope(MetricScope.GPU)) {
      accepted.add(new Promtool.Lint(m.prometheusName(),
          "label names should be written in 'snake_case' not 'camelCase'"));
      if (m.kind() == MetricKind.COUNTER) {
        accepted.add(new Promtool.Lint(m.prometheusName(), "counter metrics should have \"_total\" suffix"));
      }
    }
    accepted.add(new Promtool.Lint("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "metric name should not include type 'counter'"));
    return accepted;
  }

  @Test
  void metricsPassPromtoolExceptDcgmExporterNamesAndPrometheusScrapesThem() throws Exception {
    String library = stubGpus(dir.resolve("four-h200.scenario"), 4);
    AgentVerticle agent = new AgentVerticle(TestAgents.config("prom-node-1", dir.resolve("spool"), Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "FLEETSCALE_NVML_LIBRARY", library)));
    join(vertx.deployVerticle(agent));
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.metrics().publishedCount() >= 3);

    String text = join(web.get(agent.httpPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(text).contains("DCGM_FI_DEV_GPU_UTIL{").contains("fleetscale_host_cpus{")
        .contains("system_cpus{").doesNotContain("_latency_milliseconds").doesNotContain("cpu_count");
    List<Promtool.Lint> lint = Promtool.checkMetrics(text);

    assertThat(lint).isNotEmpty().isSubsetOf(dcgmExporterCompatibility(MetricCatalogue.standard()));
    assertThat(lint).contains(new Promtool.Lint("DCGM_FI_DEV_GPU_UTIL",
        "label names should be written in 'snake_case' not 'camelCase'"));

    try (PrometheusServer prometheus =
        PrometheusServer.start(List.of(PrometheusServer.Target.metrics("agent", agent.httpPort())))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(60));

      List<PrometheusServer.Sample> power = prometheus.awaitQuery(
          "DCGM_FI_DEV_POWER_USAGE{job=\"agent\",Hostname=\"prom-node-1\",gpu=\"3\"}", Duration.ofSeconds(30));
      assertThat(power).singleElement().satisfies(s -> {
        assertThat(s.value()).isEqualTo(512.345);
        assertThat(s.labels()).containsEntry("UUID", "GPU-00000003-1111-2222-3333-444455556666")
            .containsEntry("modelName", "NVIDIA H200");
      });
      assertThat(prometheus.awaitQuery("count(DCGM_FI_DEV_GPU_UTIL{job=\"agent\"})", Duration.ofSeconds(30)))
          .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(4.0));
      assertThat(prometheus.awaitQuery("fleetscale_agent_samples_published_total{job=\"agent\"}",
          Duration.ofSeconds(30))).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
    }
  }

  @Test
  void healthIsDegradedWithinSecondsOfABrokerOutageNotAfterTheDeliveryTimeout() throws Exception {
    // The default delivery timeout, 30 s: before, /health said UP/CONNECTED for all of it.
    AgentVerticle agent = new AgentVerticle(TestAgents.config("outage-health", dir.resolve("spool"), Map.of(
        "FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "FLEETSCALE_KAFKA_DELIVERY_TIMEOUT_MS", "30000")));
    join(vertx.deployVerticle(agent));
    await().atMost(Duration.ofSeconds(30)).until(() -> agent.metrics().publishedCount() >= 3);
    assertThat(kafkaCheck(agent).getString("status")).isEqualTo("UP");

    long stopped;
    try {
      kafka.stopBroker();
      stopped = System.nanoTime();
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> "DEGRADED".equals(kafkaCheck(agent).getString("status")));
      double seconds = (System.nanoTime() - stopped) / 1e9;
      JsonObject check = kafkaCheck(agent);

      // The agent has no GPUs here, so the overall status is DEGRADED anyway: the kafka check says it.
      assertThat(seconds).as("seconds from broker stop to DEGRADED").isLessThan(15.0);
      assertThat(check.getJsonObject("details").getString("state")).isEqualTo("STALLED");
      assertThat(check.getJsonObject("details").getLong("inFlightMs")).isGreaterThan(5_000L);
      assertThat(check.getString("reason")).contains("has not acknowledged sample").contains("more than 5 s");
    } finally {
      kafka.startBroker();
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> "UP".equals(kafkaCheck(agent).getString("status")));
    assertThat(kafkaCheck(agent).getJsonObject("details").getString("state")).isEqualTo("CONNECTED");
  }

  private JsonObject health(AgentVerticle agent) throws Exception {
    return join(web.get(agent.httpPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
  }

  private JsonObject kafkaCheck(AgentVerticle agent) throws Exception {
    return health(agent).getJsonObject("checks").getJsonObject("kafka");
  }

  private static String stubGpus(Path file, int count) {
    NvmlScenario scenario = NvmlScenario.create().driverVersion("550.54.15").nvmlVersion("12.550.54.15");
    for (int i = 0; i < count; i++) {
      scenario.typicalH200(i);
    }
    scenario.writeTo(file);
    return TestAgents.useStubScenario(file);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
