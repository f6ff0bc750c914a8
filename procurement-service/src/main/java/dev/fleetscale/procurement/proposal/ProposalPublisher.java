package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProcurementProposal;

/** Announces a proposal state on {@code fleet.proposals.v1}. */
public interface ProposalPublisher {

  /** Blocks until the broker has the record; throws if it cannot be delivered. */
  void publish(ProcurementProposal proposal);
}
