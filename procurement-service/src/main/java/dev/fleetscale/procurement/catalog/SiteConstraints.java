package dev.fleetscale.procurement.catalog;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * What a pool's site can still take. Limits apply to the new purchase only (what is installed
 * already is accounted for by the site operator when filling these in).
 *
 * @param pool pool name, as in {@code CapacityDemand.pool}; {@code "*"} is the fallback site
 * @param powerBudgetKw power still available, kW
 * @param rackUnitsFree free rack space, U
 * @param budgetCeilingUsd cash that may be spent up front (capital expenditure), US dollars;
 *     leases are paid from the running budget and do not count against it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SiteConstraints(
    String pool, double powerBudgetKw, int rackUnitsFree, double budgetCeilingUsd) {

  public static final String ANY_POOL = "*";
}
