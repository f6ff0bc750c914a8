package dev.fleetscale.procurement.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * How one unit of a catalog item can be acquired: bought outright, leased by the hour, or either.
 * In the catalog document (and in {@code GET /catalog}) its fields sit in the item itself.
 * At least one of the two prices is present (the loader enforces it).
 *
 * @param capexUsd purchase price of one unit in US dollars; {@code null} when it cannot be bought
 * @param leaseUsdPerHour lease price of one unit in US dollars per hour; {@code null} when it
 *     cannot be leased
 * @param leadTimeDays days from order to the unit being in service, {@code >= 0}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Pricing(
    @Nullable Double capexUsd, @Nullable Double leaseUsdPerHour, int leadTimeDays) {

  public boolean buyable() {
    return capexUsd != null;
  }

  public boolean leasable() {
    return leaseUsdPerHour != null;
  }
}
