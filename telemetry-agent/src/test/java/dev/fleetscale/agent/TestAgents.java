package dev.fleetscale.agent;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.fleetscale.agent.config.AgentConfig;
import dev.fleetscale.testkit.nvml.NvmlStub;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Agent configurations for tests: the defaults, a temporary spool, a free HTTP port, overrides. */
final class TestAgents {

  private TestAgents() {}

  /**
   * @param spoolDir the spool folder
   * @param overrides FLEETSCALE_* variables, e.g. FLEETSCALE_KAFKA_BOOTSTRAP_SERVERS
   */
  static AgentConfig config(String hostId, Path spoolDir, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("FLEETSCALE_HOST_ID", hostId);
    env.put("FLEETSCALE_SPOOL_DIR", spoolDir.toString());
    env.put("FLEETSCALE_HTTP_PORT", "0");
    env.put("FLEETSCALE_SAMPLE_INTERVAL_MS", "200");
    // No GPUs unless a test asks for the stub.
    env.put("FLEETSCALE_NVML_LIBRARY", spoolDir.resolveSibling("no-such-libnvidia-ml.so").toString());
    env.putAll(overrides);
    return AgentConfig.load(null, env, () -> hostId);
  }

  /** An address where no broker listens (the discard port, which nothing serves here). */
  static final String NO_BROKER = "127.0.0.1:9";

  /** The stub library's own export, loaded from the same file as the binding so they share state. */
  interface StubControl extends Library {
    int nvmlStubSetScenarioPath(String path);
  }

  /** Points the NVML stub at {@code scenario} and returns the stub library's path for the agent. */
  static String useStubScenario(Path scenario) {
    String library = NvmlStub.libraryFile().toString();
    int rc = Native.load(library, StubControl.class).nvmlStubSetScenarioPath(scenario.toString());
    if (rc != 0) {
      throw new IllegalStateException("nvmlStubSetScenarioPath returned " + rc);
    }
    return library;
  }
}
