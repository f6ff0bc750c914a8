package dev.fleetscale.contracts.procurement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * Why no hardware mix meets the demand within the constraints.
 *
 * @param constraint the constraint that cannot be met, e.g. "budget_capex" or "rack_power_kw"
 * @param shortBy how far short
 * @param unit unit of shortBy, e.g. "USD" or "kW"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Infeasibility(String constraint, double shortBy, String unit) {
  public Infeasibility {
    Objects.requireNonNull(constraint, "constraint");
    Objects.requireNonNull(unit, "unit");
  }
}
