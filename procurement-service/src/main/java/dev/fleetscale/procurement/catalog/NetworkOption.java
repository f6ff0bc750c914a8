package dev.fleetscale.procurement.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A network SKU (switch, NIC bundle or port licence): {@code ports × gbpsPerPort} of bandwidth.
 *
 * @param ports ports in one unit, {@code > 0}
 * @param gbpsPerPort line rate of one port in Gbit/s
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record NetworkOption(
    String sku, int ports, double gbpsPerPort, double powerKw, int rackUnits,
    @JsonUnwrapped Pricing pricing) {

  /** Bandwidth of one unit in Gbit/s. */
  public double gbps() {
    return ports * gbpsPerPort;
  }
}
