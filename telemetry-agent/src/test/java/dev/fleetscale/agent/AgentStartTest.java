package dev.fleetscale.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starting the agent without a broker: what it says about itself, and what stops it. */
@ExtendWith(VertxExtension.class)
class AgentStartTest {

  @TempDir Path dir;

  @Test
  void withoutNvmlAndKafkaItSamplesIntoTheSpoolAndSaysWhyInHealth(Vertx vertx, VertxTestContext test)
      throws Exception {
    AgentVerticle agent = new AgentVerticle(TestAgents.config("no-gpu-host", dir.resolve("spool"),
        Map.of("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", TestAgents.NO_BROKER,
            "FLEETSCALE_KAFKA_DELIVERY_TIMEOUT_MS", "1000")));
    vertx.deployVerticle(agent)
        .compose(id -> waitFor(vertx, () -> agent.spool().depth() >= 3))
        .compose(v -> WebClient.create(vertx).get(agent.httpPort(), "127.0.0.1", "/health").send())
        .onComplete(test.succeeding(response -> test.verify(() -> {
          JsonObject health = response.bodyAsJsonObject();
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(health.getString("status")).isEqualTo("DEGRADED");
          JsonObject nvml = health.getJsonObject("checks").getJsonObject("nvml");
          assertThat(nvml.getString("status")).isEqualTo("DEGRADED");
          assertThat(nvml.getString("reason")).startsWith("running without GPUs: ").contains("no-such-libnvidia-ml");
          assertThat(health.getJsonObject("checks").getJsonObject("spool").getString("status")).isEqualTo("UP");
          assertThat(agent.spool().lastSequence()).isGreaterThanOrEqualTo(2);
          test.completeNow();
        })));
    assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCorruptSpoolFileIsReportedAndSkippedNotFatal(Vertx vertx, VertxTestContext test) throws Exception {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Files.writeString(spool.resolve("00000000000000000042.seg"), "garbage, not a spool record", StandardCharsets.US_ASCII);
    AgentVerticle agent = new AgentVerticle(TestAgents.config("corrupt-spool-host", spool,
        Map.of("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", TestAgents.NO_BROKER)));
    vertx.deployVerticle(agent)
        .compose(id -> waitFor(vertx, () -> agent.spool().depth() >= 2))
        .compose(v -> WebClient.create(vertx).get(agent.httpPort(), "127.0.0.1", "/metrics").send())
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(agent.metrics().corruptCount()).isEqualTo(1.0);
          assertThat(response.bodyAsString()).contains("fleetscale_agent_spool_corrupt_total{service=\"telemetry-agent\"} 1.0");
          // The samplers' counter resets and clamps are exported, zero on a fresh start.
          assertThat(response.bodyAsString())
              .contains("fleetscale_agent_cumulative_resets_total{service=\"telemetry-agent\"} 0.0")
              .contains("fleetscale_agent_rates_clamped_total{service=\"telemetry-agent\"} 0.0");
          assertThat(Files.exists(spool.resolve("00000000000000000042.seg"))).isFalse();
          test.completeNow();
        })));
    assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSpoolFolderThatCannotBeCreatedFailsTheStartNamingIt(Vertx vertx, VertxTestContext test) throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    AgentVerticle agent = new AgentVerticle(TestAgents.config("bad-spool-host", notAFolder.resolve("spool"),
        Map.of("FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS", TestAgents.NO_BROKER)));
    vertx.deployVerticle(agent).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessageContaining("spool " + notAFolder.resolve("spool"));
      test.completeNow();
    })));
    assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Polls {@code condition} every 50 ms on the event loop, for up to 20 s. */
  static io.vertx.core.Future<Void> waitFor(Vertx vertx, java.util.function.BooleanSupplier condition) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    vertx.setPeriodic(50, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within 20 s");
      }
    });
    return done.future();
  }
}
