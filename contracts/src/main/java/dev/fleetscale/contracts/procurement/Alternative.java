package dev.fleetscale.contracts.procurement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * A hardware mix the solver considered and did not propose. Money in the proposal's currency.
 *
 * @param name short name, e.g. "rent H100 on demand"
 * @param costPerHour running cost per hour
 * @param capex up-front cost
 * @param totalCostOfOwnership capex plus running cost over the proposal's horizon
 * @param deltaVsProposed this TCO minus the proposed TCO (positive: dearer)
 * @param note why it lost; null if none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alternative(
    String name,
    double costPerHour,
    double capex,
    double totalCostOfOwnership,
    double deltaVsProposed,
    String note) {
  public Alternative {
    Objects.requireNonNull(name, "name");
  }
}
