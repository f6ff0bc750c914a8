package dev.fleetscale.optimizer;

import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.http.ReadApi;
import dev.fleetscale.optimizer.influx.InfluxSink;
import dev.fleetscale.optimizer.pool.DecisionBoard;
import dev.fleetscale.optimizer.stream.EventPublisher;
import dev.fleetscale.optimizer.stream.PoolStage;
import dev.fleetscale.optimizer.stream.TelemetryStage;
import dev.fleetscale.runtime.health.HealthChecks;
import dev.fleetscale.runtime.health.HealthStatus;
import dev.fleetscale.runtime.http.OpsRoutes;
import dev.fleetscale.runtime.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Wires the optimizer: the internal topic, the InfluxDB sink, the producer, the host and pool
 * stages (one verticle each) and the HTTP server (ops routes and read API).
 */
public final class OptimizerVerticle extends VerticleBase {

  /** Partitions of the internal topic when the optimizer has to create it. */
  static final int INTERNAL_PARTITIONS = 6;

  private final OptimizerConfig config;
  private PrometheusMeterRegistry registry;
  private InfluxSink influx;
  private EventPublisher publisher;
  private HttpServer server;

  public OptimizerVerticle(OptimizerConfig config) {
    this.config = config;
  }

  /** The HTTP port actually bound (useful with port 0). */
  public int httpPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    registry = Metrics.registry("optimizer-service");
    influx = new InfluxSink(vertx, config.influx());
    publisher = new EventPublisher(vertx, config.kafkaClient());
    DecisionBoard board = new DecisionBoard();
    TelemetryStage hostStage = new TelemetryStage(config, influx, publisher, registry);
    PoolStage poolStage = new PoolStage(config, influx, board, registry);
    HealthChecks checks = new HealthChecks()
        .register("telemetry-stage", () -> hostStage.healthy() ? HealthStatus.up()
            : HealthStatus.down("no telemetry batch completed within 60 s", Map.of()))
        .register("pool-stage", () -> poolStage.healthy() ? HealthStatus.up()
            : HealthStatus.down("no pool batch completed within 60 s", Map.of()));
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, checks, registry);
    new ReadApi(board).mount(router);
    return ensureInternalTopic()
        .compose(v -> vertx.deployVerticle(poolStage))
        .compose(v -> vertx.deployVerticle(hostStage))
        .compose(v -> vertx.createHttpServer().requestHandler(router)
            .listen(config.httpPort(), config.httpHost()))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return Optional.ofNullable(publisher).map(EventPublisher::close)
        .orElse(Future.succeededFuture())
        .eventually(() -> {
          if (influx != null) {
            influx.close();
          }
          if (registry != null) {
            registry.close();
          }
          return Future.succeededFuture();
        });
  }

  private Future<Void> ensureInternalTopic() {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(config.kafkaClient().client(null).build())) {
        admin.createTopics(java.util.List.of(new NewTopic(config.poolSummariesTopic(),
            INTERNAL_PARTITIONS, (short) -1))).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      return null;
    });
  }
}
