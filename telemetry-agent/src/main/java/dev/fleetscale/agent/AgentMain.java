package dev.fleetscale.agent;

import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.runtime.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.fleetscale.runtime.logging.Logging;

/**
 * Starts the agent: {@code fleetscale-agent [config.yaml]}. Configuration comes from the built-in
 * defaults, the optional file and {@code FLEETSCALE_*} environment variables. Exit status 2 means
 * the configuration is unusable (the log line names the key), 1 that the agent could not start.
 */
public final class AgentMain {

  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  /** Exit status for configuration an operator must fix. */
  static final int EXIT_CONFIG = 2;
  /** Exit status for any other start failure. */
  static final int EXIT_START = 1;

  private AgentMain() {}

  public static void main(String[] args) {
    // NVML's binding logs through System.Logger, whose default backend is java.util.logging.
    Logging.routeJavaUtilLogging();
    if (args.length > 1) {
      log.error("usage: fleetscale-agent [config.yaml]");
      System.exit(EXIT_CONFIG);
    }
    AgentConfig config;
    try {
      config = AgentConfig.load(args.length == 1 ? Path.of(args[0]) : null, System.getenv(), AgentMain::hostname);
    } catch (ConfigException e) {
      log.error("configuration: {}", e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    Vertx vertx = Vertx.vertx(smallFootprint());
    start(vertx, config)
        .onFailure(e -> {
          log.error("agent failed to start: {}", e.toString(), e);
          vertx.close().onComplete(v -> System.exit(EXIT_START));
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // Undeploying stops sampling, shuts NVML down and leaves unsent samples in the spool.
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("stop did not complete cleanly: {}", e.toString());
      }
    }, "fleetscale-agent-shutdown"));
  }

  /** Deploys the agent on {@code vertx}; the future fails with the reason the start failed. */
  public static Future<String> start(Vertx vertx, AgentConfig config) {
    return vertx.deployVerticle(new AgentVerticle(config));
  }

  /**
   * One event loop and a few workers: the agent does one sample per interval, and each Vert.x
   * thread costs stack and a share of the heap.
   */
  static VertxOptions smallFootprint() {
    return new VertxOptions()
        .setEventLoopPoolSize(1)
        .setWorkerPoolSize(4)
        .setInternalBlockingPoolSize(2);
  }

  /** The kernel's hostname (no DNS lookup), else $HOSTNAME. */
  static String hostname() {
    return KernelPaths.attribute(Path.of("/proc/sys/kernel/hostname"))
        .orElseGet(() -> System.getenv("HOSTNAME"));
  }
}
