package dev.fleetscale.optimizer;

import dev.fleetscale.optimizer.actuator.ActuatorReports;
import dev.fleetscale.optimizer.actuator.PoolStateStage;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.http.ReadApi;
import dev.fleetscale.optimizer.influx.InfluxSink;
import dev.fleetscale.contracts.Topics;
import dev.fleetscale.optimizer.pool.DecisionBoard;
import dev.fleetscale.optimizer.pool.PoolWindow;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
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
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the optimizer: the internal topic, the InfluxDB sink, the producer, the host and pool
 * stages (one verticle each) and the HTTP server (ops routes and read API). It logs one line when
 * it has started, one line for the first closed window of each pool, and a warning when no window
 * has closed a minute after the start.
 */
public final class OptimizerVerticle extends VerticleBase {

  /** Partitions of the internal topic when the optimizer has to create it. */
  static final int INTERNAL_PARTITIONS = 6;

  private static final Logger log = LoggerFactory.getLogger(OptimizerVerticle.class);
  private static final long NO_WINDOW_WARNING_MS = 60_000;

  private final OptimizerConfig config;
  private PrometheusMeterRegistry registry;
  private InfluxSink influx;
  /** The client of GET /costs (a longer read timeout than the sink's). */
  private com.influxdb.client.InfluxDBClient costQueries;
  private EventPublisher publisher;
  private HttpServer server;
  private long windowWatch = -1;

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
    ActuatorReports reports = new ActuatorReports();
    PoolStage poolStage = new PoolStage(config, influx, board, registry, reports);
    PoolStateStage poolStateStage = new PoolStateStage(config.kafkaClient(), config.groupId(),
        reports, publisher, registry);
    HealthChecks checks = new HealthChecks()
        .register("telemetry-stage", () -> hostStage.healthy() ? HealthStatus.up()
            : HealthStatus.down("no telemetry batch completed within 60 s", Map.of()))
        .register("pool-stage", () -> poolStage.healthy() ? HealthStatus.up()
            : HealthStatus.down("no pool batch completed within 60 s", Map.of()));
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, checks, registry);
    new ReadApi(board, config.serviceToken()).mount(router);
    costQueries = dev.fleetscale.optimizer.cost.CostApi.queryClient(config.influx().url(),
        config.influx().token(), config.influx().org(), config.influx().bucket(), config.cost());
    new dev.fleetscale.optimizer.cost.CostApi(vertx, costQueries, config.influx().bucket(),
        config.cost(), java.time.Clock.systemUTC()).mount(router);
    return ensureInternalTopic()
        .compose(v -> vertx.deployVerticle(poolStateStage))
        .compose(v -> vertx.deployVerticle(poolStage))
        .compose(v -> vertx.deployVerticle(hostStage))
        .compose(v -> vertx.createHttpServer().requestHandler(router)
            .listen(config.httpPort(), config.httpHost()))
        .onSuccess(s -> {
          server = s;
          log.info(startedLine(config, s.actualPort()));
          watchFirstWindows(board);
        });
  }

  /** The start line: where it listens and what it reads and writes; never a secret. */
  static String startedLine(OptimizerConfig config, int httpPort) {
    return String.format("optimizer started: HTTP http://%s:%d (/health, /pools), consuming %s from"
            + " Kafka %s as group %s, writing InfluxDB %s bucket %s",
        config.httpHost(), httpPort, Topics.TELEMETRY,
        config.kafkaClient().bootstrapServers(), config.groupId(), config.influx().url(),
        config.influx().bucket());
  }

  /** The line for a pool's first closed window. */
  static String firstWindowLine(PoolWindow window) {
    Stat.Summary util = window.metrics().get(RollupMetric.GPU_UTIL);
    return String.format(Locale.ROOT, "first window of pool %s (cluster %s): %s ending %s, %d hosts,"
            + " %d GPUs (%d busy)%s", window.pool(), window.cluster(), window.size().tag(),
        window.end(), window.hosts(), window.gpus(), window.busyGpus(),
        util == null ? "" : String.format(Locale.ROOT,
            ", GPU utilization mean %.1f %%, max %.1f %%", util.mean(), util.max()));
  }

  private void watchFirstWindows(DecisionBoard board) {
    Set<String> seen = new HashSet<>();
    long started = System.currentTimeMillis();
    boolean[] warned = {false};
    windowWatch = vertx.setPeriodic(1000, id -> {
      for (PoolWindow window : board.pools()) {
        if (seen.add(window.pool())) {
          log.info(firstWindowLine(window));
        }
      }
      if (seen.isEmpty() && !warned[0] && System.currentTimeMillis() - started > NO_WINDOW_WARNING_MS) {
        warned[0] = true;
        log.warn("no pool window has closed {} s after the start: is telemetry arriving on {}?",
            NO_WINDOW_WARNING_MS / 1000, Topics.TELEMETRY);
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (windowWatch >= 0) {
      vertx.cancelTimer(windowWatch);
    }
    return Optional.ofNullable(publisher).map(EventPublisher::close)
        .orElse(Future.succeededFuture())
        .eventually(() -> {
          if (influx != null) {
            influx.close();
          }
          if (costQueries != null) {
            costQueries.close();
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
