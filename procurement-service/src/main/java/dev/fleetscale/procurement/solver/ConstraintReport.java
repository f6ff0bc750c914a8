package dev.fleetscale.procurement.solver;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * How one constraint stands at the optimum.
 *
 * @param name e.g. {@code gpu_count} or {@code rack_power_kw}
 * @param kind {@code demand} (at least {@code bound}) or {@code limit} (at most {@code bound})
 * @param bound the required amount or the limit, in {@code unit}
 * @param value what the mix supplies or uses, in {@code unit}
 * @param slack how far the value is from the bound (never negative for a feasible mix)
 * @param binding a demand met exactly, or a limit without which the mix would be cheaper
 * @param savingPerHourIfRelaxed for a binding limit, USD per hour saved if it were lifted
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ConstraintReport(
    String name,
    String kind,
    String unit,
    double bound,
    double value,
    double slack,
    boolean binding,
    @Nullable Double savingPerHourIfRelaxed) {}
