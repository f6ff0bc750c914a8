package dev.fleetscale.procurement.solver;

import dev.fleetscale.contracts.procurement.HardwareCategory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * One SKU in a solution. Money in USD.
 *
 * @param unitCapex purchase price per unit; {@code null} when leased
 * @param unitCostPerHour lease per hour, or capex amortised over the horizon, per unit
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SolutionLine(
    String sku,
    HardwareCategory category,
    @Nullable String gpuModel,
    Acquisition acquisition,
    int quantity,
    @Nullable Double unitCapex,
    double unitCostPerHour,
    int leadTimeDays) {

  static SolutionLine of(MixLine l) {
    Candidate c = l.candidate();
    return new SolutionLine(c.sku(), c.category(), c.gpuModel(), c.acquisition(), l.quantity(),
        c.acquisition() == Acquisition.BUY ? c.unitCapex() : null, c.costPerHour(),
        c.leadTimeDays());
  }
}
