package dev.fleetscale.testkit.stack;

import org.testcontainers.DockerClientFactory;

/**
 * Whether the testkit uses Testcontainers: only when asked with {@code
 * -Dfleetscale.testkit.docker=true} and Docker answers. Otherwise the real servers run as local
 * child processes. The property is read first so that machines without Docker never pay for
 * Testcontainers' Docker probing.
 */
public final class DockerSwitch {

  /** The system property that opts in to containers. */
  public static final String PROPERTY = "fleetscale.testkit.docker";

  private DockerSwitch() {}

  public static boolean useContainers() {
    return Boolean.getBoolean(PROPERTY) && DockerClientFactory.instance().isDockerAvailable();
  }
}
