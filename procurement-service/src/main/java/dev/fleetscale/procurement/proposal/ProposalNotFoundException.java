package dev.fleetscale.procurement.proposal;

/** No proposal has this id; the API answers 404. */
public final class ProposalNotFoundException extends RuntimeException {

  public ProposalNotFoundException(String proposalId) {
    super("no proposal with id " + proposalId);
  }
}
