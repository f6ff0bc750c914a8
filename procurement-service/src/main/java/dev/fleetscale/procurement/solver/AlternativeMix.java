package dev.fleetscale.procurement.solver;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * A mix considered and not chosen. Money in USD.
 *
 * @param deltaVsProposed this TCO minus the proposed TCO over the same horizon (positive: dearer);
 *     when nothing feasible was proposed, the TCO itself
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AlternativeMix(
    String name,
    List<SolutionLine> lines,
    double costPerHour,
    double capex,
    double totalCostOfOwnership,
    double deltaVsProposed,
    String note) {

  public AlternativeMix {
    lines = List.copyOf(lines);
  }
}
