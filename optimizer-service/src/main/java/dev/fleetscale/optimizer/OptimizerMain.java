package dev.fleetscale.optimizer;

import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.runtime.config.ServiceConfig;
import dev.fleetscale.runtime.launch.ServiceLauncher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the optimizer: {@code OptimizerMain [config.yaml]}. Configuration: built-in defaults
 * ({@code optimizer.defaults.yaml}), the optional file, then {@code FLEETSCALE_*} environment
 * variables. Exit statuses: see {@link ServiceLauncher}.
 */
public final class OptimizerMain {

  private OptimizerMain() {}

  public static void main(String[] args) {
    ServiceLauncher.launch("fleetscale-optimizer", args, new VertxOptions(),
        file -> load(file, System.getenv()), OptimizerMain::start);
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
