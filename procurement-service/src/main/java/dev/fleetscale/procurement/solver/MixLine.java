package dev.fleetscale.procurement.solver;

/** A quantity of one candidate in a mix. */
public record MixLine(Candidate candidate, int quantity) {

  public double costPerHour() {
    return candidate.costPerHour() * quantity;
  }

  public double capex() {
    return candidate.unitCapex() * quantity;
  }
}
