package dev.fleetscale.runtime.launch;

import dev.fleetscale.runtime.config.ConfigException;
import dev.fleetscale.runtime.logging.Logging;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every Vert.x service: one optional argument (the YAML file), configuration
 * loaded and validated before anything starts, the service deployed, and a shutdown hook that
 * undeploys it. Exit status {@value #EXIT_CONFIG}: configuration an operator must fix (the log
 * line names the key); {@value #EXIT_START}: any other start failure.
 */
public final class ServiceLauncher {

  public static final int EXIT_CONFIG = 2;
  public static final int EXIT_START = 1;

  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {}

  /**
   * @param name the service's name in log lines and the shutdown thread's name
   * @param loadConfig maps the optional file (null when none) to the validated configuration
   * @param start deploys the service; its future fails with the reason the start failed
   */
  public static <C> void launch(String name, String[] args, VertxOptions options,
      Function<Path, C> loadConfig, BiFunction<Vertx, C, Future<?>> start) {
    Logging.routeJavaUtilLogging();
    if (args.length > 1) {
      log.error("usage: {} [config.yaml]", name);
      System.exit(EXIT_CONFIG);
    }
    C config;
    try {
      config = loadConfig.apply(args.length == 1 ? Path.of(args[0]) : null);
    } catch (ConfigException e) {
      log.error("configuration: {}", e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    Vertx vertx = Vertx.vertx(options);
    start.apply(vertx, config).onFailure(e -> {
      log.error("{} failed to start: {}", name, e.toString(), e);
      vertx.close().onComplete(v -> System.exit(EXIT_START));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("stop did not complete cleanly: {}", e.toString());
      }
    }, name + "-shutdown"));
  }
}
