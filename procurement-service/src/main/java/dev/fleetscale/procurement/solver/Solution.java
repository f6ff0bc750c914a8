package dev.fleetscale.procurement.solver;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * What the solver answers for one requirement. Money in USD. When {@code feasible} is false the
 * lines are empty, the costs zero and {@code shortfalls} says what blocks the demand.
 *
 * @param horizonHours hours the total cost of ownership covers
 * @param bindingConstraints names of the binding constraints (see {@link ConstraintReport})
 * @param provenOptimal true when the search proved no mix is cheaper by more than the relative
 *     gap of its {@link SearchLimits}; false when it stopped at a time or node limit
 * @param optimalityGap relative gap between this mix's cost and the best bound left open
 * @param solveMillis wall time of the optimal solve alone
 * @param usdPerTflopHour the mix's GPU cost per hour over the BF16 TFLOPS it adds; null without
 *     GPUs
 * @param usdPerGpuMemoryGbHour the mix's GPU cost per hour over the GPU memory it adds; null
 *     without GPUs
 * @param demandBasis how the requirement became the amounts solved for, step by step (a GPU
 *     count met in the reference model's equivalents, the per-GPU requirements and their sources,
 *     the SKUs left out for breaking them)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Solution(
    CapacityRequirement requirement,
    boolean feasible,
    List<SolutionLine> lines,
    double costPerHour,
    double capex,
    double totalCostOfOwnership,
    double horizonHours,
    List<ConstraintReport> constraints,
    List<String> bindingConstraints,
    List<AlternativeMix> alternatives,
    List<Shortfall> shortfalls,
    boolean provenOptimal,
    double optimalityGap,
    double solveMillis,
    @Nullable Double usdPerTflopHour,
    @Nullable Double usdPerGpuMemoryGbHour,
    List<String> demandBasis) {

  public Solution {
    lines = List.copyOf(lines);
    constraints = List.copyOf(constraints);
    bindingConstraints = List.copyOf(bindingConstraints);
    alternatives = List.copyOf(alternatives);
    shortfalls = List.copyOf(shortfalls);
    demandBasis = List.copyOf(demandBasis);
  }
}
