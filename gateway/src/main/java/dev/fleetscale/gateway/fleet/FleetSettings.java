package dev.fleetscale.gateway.fleet;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the fleet routes read InfluxDB ({@code fleetscale.gateway.fleet.*}).
 *
 * @param horizon how far back the latest 10 s window of a pool, host or GPU is looked for; older
 *     ones are not "latest" any more (the host stopped reporting)
 * @param idleAfter a GPU at 0 % for this long is idle (Run:ai's default: 5 minutes)
 * @param idleHorizon how far back the last busy window of a GPU is looked for
 */
@ConfigurationProperties("fleetscale.gateway.fleet")
public record FleetSettings(
    @Bindable(defaultValue = "15m") Duration horizon,
    @Bindable(defaultValue = "5m") Duration idleAfter,
    @Bindable(defaultValue = "1h") Duration idleHorizon) {

  /** An InfluxQL duration literal, whole seconds, e.g. {@code 900s}. */
  static String influx(Duration d) {
    return Math.max(1, d.toSeconds()) + "s";
  }
}
