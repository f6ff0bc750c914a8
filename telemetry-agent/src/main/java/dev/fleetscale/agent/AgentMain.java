package dev.fleetscale.agent;

import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.agent.kernel.KernelPaths;
import dev.fleetscale.agent.ops.AgentLogging;
import dev.fleetscale.runtime.launch.ServiceLauncher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;

/**
 * Starts the agent: {@code fleetscale-agent [config.yaml]}. Configuration comes from the built-in
 * defaults, the optional file and {@code FLEETSCALE_*} environment variables. Exit status 2 means
 * the configuration is unusable (the log line names the key), 1 that the agent could not start.
 */
public final class AgentMain {

  private AgentMain() {}

  public static void main(String[] args) {
    AgentLogging.useAgentManager();
    AgentLogging.install();
    // Undeploying (the launcher's shutdown hook) stops sampling, shuts NVML down and leaves
    // unsent samples in the spool.
    ServiceLauncher.launch("fleetscale-agent", args, smallFootprint(),
        file -> AgentConfig.load(file, System.getenv(), AgentMain::hostname), AgentMain::start);
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
