package dev.fleetscale.procurement.solver;

import java.util.List;

/**
 * A hardware mix with its totals. Immutable.
 *
 * @param costPerHour USD per hour (leases plus amortised capex)
 * @param capex USD up front
 */
public record Mix(List<MixLine> lines, double costPerHour, double capex) {

  public Mix {
    lines = List.copyOf(lines);
  }

  public static Mix of(List<MixLine> lines) {
    List<MixLine> nonZero = lines.stream().filter(l -> l.quantity() > 0).toList();
    return new Mix(
        nonZero,
        nonZero.stream().mapToDouble(MixLine::costPerHour).sum(),
        nonZero.stream().mapToDouble(MixLine::capex).sum());
  }

  public double supplied(Resource r) {
    return lines.stream().mapToDouble(l -> l.candidate().supplies(r) * l.quantity()).sum();
  }

  public double powerKw() {
    return lines.stream().mapToDouble(l -> l.candidate().powerKw() * l.quantity()).sum();
  }

  public int rackUnits() {
    return lines.stream().mapToInt(l -> l.candidate().rackUnits() * l.quantity()).sum();
  }

  /** Total cost of ownership over the horizon: cost per hour × hours (capex is amortised in). */
  public double totalCostOfOwnership(double horizonHours) {
    return costPerHour * horizonHours;
  }
}
