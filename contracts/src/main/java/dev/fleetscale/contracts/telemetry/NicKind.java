package dev.fleetscale.contracts.telemetry;

/** Link layer of a network interface. */
public enum NicKind {
  ETHERNET,
  INFINIBAND
}
