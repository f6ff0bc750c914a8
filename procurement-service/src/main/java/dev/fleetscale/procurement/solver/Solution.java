package dev.fleetscale.procurement.solver;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * What the solver answers for one requirement. Money in USD. When {@code feasible} is false the
 * lines are empty, the costs zero and {@code shortfalls} says what blocks the demand.
 *
 * @param horizonHours hours the total cost of ownership covers
 * @param bindingConstraints names of the binding constraints (see {@link ConstraintReport})
 * @param solveMillis wall time of the optimal solve alone
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
    double solveMillis) {

  public Solution {
    lines = List.copyOf(lines);
    constraints = List.copyOf(constraints);
    bindingConstraints = List.copyOf(bindingConstraints);
    alternatives = List.copyOf(alternatives);
    shortfalls = List.copyOf(shortfalls);
  }
}
