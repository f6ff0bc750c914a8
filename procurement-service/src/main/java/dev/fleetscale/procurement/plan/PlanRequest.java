package dev.fleetscale.procurement.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * The body of {@code POST /plans} and {@code POST /plans/what-if}: one model plan, train or
 * serve (exactly one), for a pool, with the date its hardware must be in service.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
public record PlanRequest(
    @NotBlank String pool,
    @NotNull LocalDate neededBy,
    @Nullable @Valid TrainPlan train,
    @Nullable @Valid ServePlan serve) {}
