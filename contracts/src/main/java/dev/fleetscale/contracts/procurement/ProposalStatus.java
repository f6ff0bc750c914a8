package dev.fleetscale.contracts.procurement;

/** Lifecycle of a procurement proposal. */
public enum ProposalStatus {
  PROPOSED,
  APPROVED,
  REJECTED,
  ORDERED,
  DELIVERED,
  /** Not decided in time; the demand it answered has been re-forecast. */
  EXPIRED,
  /** A newer proposal ({@code supersedes} points back here) replaces it. */
  SUPERSEDED
}
