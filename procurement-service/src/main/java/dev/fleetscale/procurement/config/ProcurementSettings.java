package dev.fleetscale.procurement.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import dev.fleetscale.procurement.solver.ProcurementSolver;
import dev.fleetscale.procurement.solver.SearchLimits;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * The service's own settings, from {@code fleetscale.procurement.*} (environment: {@code
 * FLEETSCALE_PROCUREMENT_CATALOG_PATH}, {@code FLEETSCALE_PROCUREMENT_HORIZON_MONTHS}, ...).
 *
 * @param catalogPath YAML catalog file; {@code null} for the example catalog on the class path
 * @param horizonMonths months over which capex is amortised and TCO summed
 * @param currency ISO 4217 code of the catalog's prices
 * @param source CloudEvents source of what this service publishes
 * @param solverTimeLimit wall time one integer program may take; past it the best mix found is
 *     used and marked not proven optimal
 * @param solverGap relative optimality gap at which the search stops (1e-4 = 0.01 %)
 */
@ConfigurationProperties("fleetscale.procurement")
public record ProcurementSettings(
    @Nullable String catalogPath,
    @Bindable(defaultValue = "36") @Min(1) @Max(240) int horizonMonths,
    @Bindable(defaultValue = "USD") @NotBlank String currency,
    @Bindable(defaultValue = "/fleetscale/procurement-service") @NotBlank String source,
    @Bindable(defaultValue = "2s") @NotNull Duration solverTimeLimit,
    @Bindable(defaultValue = "1e-4") @DecimalMin("0") @DecimalMax("0.1") double solverGap) {

  /** The solver these settings describe. */
  public ProcurementSolver solver() {
    return new ProcurementSolver(horizonMonths,
        new SearchLimits(solverGap, solverTimeLimit, SearchLimits.DEFAULT.maxNodes()));
  }
}
