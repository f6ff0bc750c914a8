package dev.fleetscale.optimizer;

import dev.fleetscale.runtime.logging.Logging;

import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.runtime.config.ConfigException;
import dev.fleetscale.runtime.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the optimizer: {@code OptimizerMain [config.yaml]}. Configuration: built-in defaults
 * ({@code optimizer.defaults.yaml}), the optional file, then {@code FLEETSCALE_*} environment
 * variables. Exit status 2: unusable configuration (the log names the key); 1: start failed.
 */
public final class OptimizerMain {

  private static final Logger log = LoggerFactory.getLogger(OptimizerMain.class);
  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;

  private OptimizerMain() {}

  public static void main(String[] args) {
    Logging.routeJavaUtilLogging();
    if (args.length > 1) {
      log.error("usage: OptimizerMain [config.yaml]");
      System.exit(EXIT_CONFIG);
    }
    OptimizerConfig config;
    try {
      config = load(args.length == 1 ? Path.of(args[0]) : null, System.getenv());
    } catch (ConfigException e) {
      log.error("configuration: {}", e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    Vertx vertx = Vertx.vertx();
    start(vertx, config).onFailure(e -> {
      log.error("optimizer failed to start: {}", e.toString(), e);
      vertx.close().onComplete(v -> System.exit(EXIT_START));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("stop did not complete cleanly: {}", e.toString());
      }
    }, "fleetscale-optimizer-shutdown"));
  }

  /** Loads and validates the configuration. */
  public static OptimizerConfig load(Path file, Map<String, String> env) {
    return OptimizerConfig.from(ServiceConfig.load("optimizer", file, env));
  }

  /** Deploys the optimizer; the future fails with the reason the start failed. */
  public static Future<OptimizerVerticle> start(Vertx vertx, OptimizerConfig config) {
    OptimizerVerticle verticle = new OptimizerVerticle(config);
    return vertx.deployVerticle(verticle).map(id -> verticle);
  }
}
