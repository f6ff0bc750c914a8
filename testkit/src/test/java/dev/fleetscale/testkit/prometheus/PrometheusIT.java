package dev.fleetscale.testkit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.fleetscale.testkit.stack.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promtool and Prometheus helpers against the real binaries. */
class PrometheusIT {

  private static final String CLEAN = """
      # HELP demo_requests_total Requests served.
      # TYPE demo_requests_total counter
      demo_requests_total{path="/a"} 7
      """;

  @Test
  void cleanTextHasNoLint() {
    assertThat(Promtool.checkMetrics(CLEAN)).isEmpty();
  }

  @Test
  void emptyHelpAndMillisecondsAreNamed() {
    String text = """
        # HELP executor_seconds\s
        # TYPE executor_seconds summary
        executor_seconds_count 1
        executor_seconds_sum 0.5
        # HELP demo_latency_milliseconds Latency.
        # TYPE demo_latency_milliseconds gauge
        demo_latency_milliseconds 3
        """;

    assertThat(Promtool.checkMetrics(text)).containsExactlyInAnyOrder(
        new Promtool.Lint("executor_seconds", "no help text"),
        new Promtool.Lint("demo_latency_milliseconds", "use base unit \"seconds\" instead of \"milliseconds\""));
  }

  @Test
  void unparsableTextFails() {
    assertThatThrownBy(() -> Promtool.checkMetrics("demo{ 1\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("parsing error");
  }

  @Test
  void prometheusScrapesALoopbackTargetAndAnswersAQuery() throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), 0), 0);
    target.createContext("/metrics", exchange -> {
      byte[] body = CLEAN.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    target.start();
    try (PrometheusServer prometheus = PrometheusServer.start(
        List.of(PrometheusServer.Target.metrics("demo", target.getAddress().getPort())))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(60));

      List<PrometheusServer.Sample> result =
          prometheus.awaitQuery("demo_requests_total{job=\"demo\"}", Duration.ofSeconds(30));

      assertThat(result).singleElement().satisfies(s -> {
        assertThat(s.value()).isEqualTo(7.0);
        assertThat(s.labels()).containsEntry("path", "/a")
            .containsEntry("instance", LoopbackPorts.HOST + ":" + target.getAddress().getPort());
      });
      assertThatThrownBy(() -> prometheus.query("sum(")).hasMessageContaining("refused query");
    } finally {
      target.stop(0);
    }
  }

  @Test
  void aTargetThatIsDownIsNamed() {
    int nothing = LoopbackPorts.free();
    try (PrometheusServer prometheus =
        PrometheusServer.start(List.of(PrometheusServer.Target.metrics("absent", nothing)))) {
      assertThatThrownBy(() -> prometheus.awaitTargetsUp(Duration.ofSeconds(8)))
          .hasMessageContaining("absent 127.0.0.1:" + nothing + "/metrics: down");
    }
  }
}
