package dev.fleetscale.procurement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.Topics;
import dev.fleetscale.testkit.influx.InfluxExtension;
import dev.fleetscale.testkit.kafka.KafkaBrokerExtension;
import dev.fleetscale.testkit.prometheus.PrometheusServer;
import dev.fleetscale.testkit.prometheus.Promtool;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service's /metrics through the real promtool and a real Prometheus server. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcurementMetricsIT implements TestPropertyProvider {

  @RegisterExtension
  static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final InfluxExtension INFLUX = new InfluxExtension();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = ItSupport.properties(KAFKA, INFLUX, "procurement-metrics-it");
    KAFKA.createTopic(Topics.CAPACITY_DEMAND, 1);
    KAFKA.createTopic(Topics.PROPOSALS, 1);
    KAFKA.createTopic(Topics.DEADLETTER, 1);
    return p;
  }

  @Test
  void metricsPassPromtoolAndPrometheusScrapesThem() {
    // A request first, so that the HTTP server and client timers exist and are checked too.
    http.toBlocking().retrieve("/health");
    String text = http.toBlocking().retrieve("/metrics");

    // Micronaut's executor meters had an empty HELP; Micrometer's CPU meters are renamed.
    assertThat(text).contains("# HELP executor_seconds Time tasks on this executor took to run.")
        .contains("# HELP http_server_requests_seconds HTTP requests this service answered")
        .contains("http_client_requests_seconds_count{").contains("service_id=")
        .contains("system_cpus").contains("process_cpu_seconds_total")
        .doesNotContain("system_cpu_count").doesNotContain("process_cpu_time_ns");
    assertThat(Promtool.checkMetrics(text)).isEmpty();

    try (PrometheusServer prometheus =
        PrometheusServer.start(List.of(PrometheusServer.Target.metrics("procurement", server.getPort())))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(60));

      assertThat(prometheus.awaitQuery("executor_seconds_count{job=\"procurement\"}", Duration.ofSeconds(30)))
          .isNotEmpty().allSatisfy(s -> assertThat(s.labels()).containsKey("name"));
      assertThat(prometheus.awaitQuery("process_cpu_seconds_total{job=\"procurement\"}", Duration.ofSeconds(30)))
          .singleElement().satisfies(s -> assertThat(s.value()).isPositive());
    }
  }
}
