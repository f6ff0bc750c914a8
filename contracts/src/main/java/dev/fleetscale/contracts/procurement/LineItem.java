package dev.fleetscale.contracts.procurement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * One hardware SKU in a proposal. Money is in the proposal's currency.
 *
 * @param sku catalog SKU
 * @param category what kind of thing it is
 * @param quantity units
 * @param unitCapex purchase price per unit; null for rentals
 * @param unitCostPerHour running (or rental) cost per unit per hour; null if none
 * @param leadTimeDays days from order to in service; null if unknown
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineItem(
    String sku,
    HardwareCategory category,
    int quantity,
    Double unitCapex,
    Double unitCostPerHour,
    Integer leadTimeDays) {
  public LineItem {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(category, "category");
  }
}
