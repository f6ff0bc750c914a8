package dev.fleetscale.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.runtime.health.HealthChecks;
import dev.fleetscale.runtime.health.HealthStatus;
import dev.fleetscale.runtime.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpsRoutesTest {

  private final HealthChecks checks = new HealthChecks();
  private final AtomicReference<HealthStatus> kafka = new AtomicReference<>(HealthStatus.up());
  private final PrometheusMeterRegistry registry = Metrics.registry("demo");
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    checks.register("kafka", kafka::get);
    registry.counter("demo_samples_published_total").increment(3);
    Router router = OpsRoutes.mount(Router.router(vertx), checks, registry);
    client = WebClient.create(vertx);
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding((HttpServer server) -> {
          port = server.actualPort();
          ctx.completeNow();
        }));
  }

  @Test
  void healthIsUpThenDegradedThenDown(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/health").send()
        .compose(up -> {
          ctx.verify(() -> {
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
          });
          kafka.set(HealthStatus.degraded("spooling to disk", Map.of("spooled", 12)));
          return client.get(port, "127.0.0.1", "/health").send();
        })
        .compose(degraded -> {
          ctx.verify(() -> {
            assertThat(degraded.statusCode()).isEqualTo(200);
            JsonObject part = degraded.bodyAsJsonObject().getJsonObject("checks").getJsonObject("kafka");
            assertThat(part.getString("reason")).isEqualTo("spooling to disk");
            assertThat(part.getJsonObject("details").getInteger("spooled")).isEqualTo(12);
          });
          kafka.set(HealthStatus.down("broker unreachable", Map.of()));
          return client.get(port, "127.0.0.1", "/health/ready").send();
        })
        .onComplete(ctx.succeeding(down -> ctx.verify(() -> {
          assertThat(down.statusCode()).isEqualTo(503);
          assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
          ctx.completeNow();
        })));
  }

  @Test
  void aThrowingCheckIsDownNotA500(VertxTestContext ctx) {
    checks.register("broken", () -> {
      throw new IllegalStateException("no state yet");
    });
    client.get(port, "127.0.0.1", "/health").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getJsonObject("checks").getJsonObject("broken").getString("reason"))
          .contains("no state yet");
      ctx.completeNow();
    })));
  }

  @Test
  void metricsAreThePrometheusTextFormat(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/metrics").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("content-type")).startsWith("text/plain");
      assertThat(r.bodyAsString())
          .contains("demo_samples_published_total{service=\"demo\"} 3.0")
          .contains("jvm_memory_used_bytes")
          // Micrometer's system.cpu.count, renamed: no _count suffix on a gauge
          .containsPattern("(?m)^system_cpus\\{service=\"demo\"\\} [1-9]")
          .doesNotContain("system_cpu_count")
          // and process CPU time in seconds, not nanoseconds
          .containsPattern("(?m)^process_cpu_seconds_total\\{service=\"demo\"\\} [0-9]")
          .doesNotContain("process_cpu_time_ns");
      ctx.completeNow();
    })));
  }
}
