package dev.fleetscale.procurement.solver;

/** How a unit is paid for. */
public enum Acquisition {
  /** Bought: capex, amortised straight-line over the horizon for the hourly cost. */
  BUY,
  /** Leased: the lease price per hour, no capex. */
  LEASE
}
