package dev.fleetscale.gateway;

import io.micronaut.runtime.Micronaut;

/**
 * The gateway: Fleetscale's one authenticated public API and its web console. Today it serves
 * only its operational endpoints; fleet state, decisions, proposals and the live stream land
 * with their own issue.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
