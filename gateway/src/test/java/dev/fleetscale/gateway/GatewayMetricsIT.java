package dev.fleetscale.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.testkit.prometheus.PrometheusServer;
import dev.fleetscale.testkit.prometheus.Promtool;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's /metrics through the real promtool and a real Prometheus server. */
@MicronautTest
class GatewayMetricsIT {

  @Inject
  @Client("/")
  HttpClient client;

  @Inject
  EmbeddedServer server;

  @Test
  void metricsPassPromtoolAndPrometheusScrapesThem() {
    // A request first, so that the HTTP server and client timers exist and are checked too.
    client.toBlocking().retrieve("/health");
    String text = client.toBlocking().retrieve("/metrics");

    // Micronaut's executor meters (no HELP text before), Micrometer's CPU meters (renamed).
    assertThat(text).contains("# HELP executor_seconds Time tasks on this executor took to run.")
        .contains("# HELP http_server_requests_seconds HTTP requests this service answered")
        .contains("http_client_requests_seconds_count{").contains("service_id=")
        .contains("system_cpus").contains("process_cpu_seconds_total")
        .doesNotContain("system_cpu_count").doesNotContain("process_cpu_time_ns");
    assertThat(Promtool.checkMetrics(text)).isEmpty();
    assertThat(Promtool.checkMetrics(client.toBlocking().retrieve("/prometheus"))).isEmpty();

    try (PrometheusServer prometheus =
        PrometheusServer.start(List.of(PrometheusServer.Target.metrics("gateway", server.getPort())))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(60));

      assertThat(prometheus.awaitQuery("jvm_memory_used_bytes{job=\"gateway\",area=\"heap\"}", Duration.ofSeconds(30)))
          .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isPositive());
      assertThat(prometheus.awaitQuery("executor_seconds_count{job=\"gateway\"}", Duration.ofSeconds(30)))
          .isNotEmpty();
    }
  }
}
