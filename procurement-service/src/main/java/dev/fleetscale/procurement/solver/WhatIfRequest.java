package dev.fleetscale.procurement.solver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The body of {@code POST /what-if}: what a pool needs, in the solver's units. An amount left out
 * is 0 (none of it needed); at least one must be above 0. Unknown fields are refused, so a typo
 * ({@code "gpu": 16}) is an error, not a request for nothing.
 *
 * @param pool pool name, selects the site limits
 * @param gpus GPUs to add, a whole number
 * @param gpuMemoryGb total GPU memory to add, GB
 * @param bf16Tflops total dense BF16 compute to add, TFLOPS
 * @param ssdCapacityTb SSD capacity to add, TB
 * @param ssdReadGbPerS SSD read bandwidth to add, GB/s
 * @param networkGbps network bandwidth to add, Gbit/s
 * @param neededBy date the capacity must be in service, today or later
 * @param gpuModel only servers of this GPU model; absent for any model
 * @param perGpu what every GPU must be, and the model a GPU count is counted in; absent for
 *     nothing
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record WhatIfRequest(
    @NotBlank String pool,
    @Nullable @PositiveOrZero @DecimalMax("1000000")
    @Digits(integer = 12, fraction = 0, message = "must be a whole number") BigDecimal gpus,
    @Nullable @PositiveOrZero @DecimalMax("1e12") Double gpuMemoryGb,
    @Nullable @PositiveOrZero @DecimalMax("1e12") Double bf16Tflops,
    @Nullable @PositiveOrZero @DecimalMax("1e12") Double ssdCapacityTb,
    @Nullable @PositiveOrZero @DecimalMax("1e12") Double ssdReadGbPerS,
    @Nullable @PositiveOrZero @DecimalMax("1e12") Double networkGbps,
    @NotNull LocalDate neededBy,
    @Nullable String gpuModel,
    @Nullable @Valid UnitRequirement perGpu) {

  /** The solver's requirement; call once Bean Validation has passed. */
  public CapacityRequirement toRequirement() {
    return new CapacityRequirement(pool, gpus == null ? 0 : gpus.intValueExact(),
        orZero(gpuMemoryGb), orZero(bf16Tflops), orZero(ssdCapacityTb), orZero(ssdReadGbPerS),
        orZero(networkGbps), neededBy, gpuModel == null || gpuModel.isBlank() ? null : gpuModel,
        perGpu);
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
