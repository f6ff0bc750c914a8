package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import java.util.List;

/**
 * Durable record of demands received and of every proposal state. Writes must be idempotent: the
 * same demand or the same proposal state written twice is stored once.
 */
public interface ProposalJournal {

  void recordDemand(CapacityDemand demand);

  /** Stores one state of a proposal (its current status and everything else). */
  void recordProposal(ProcurementProposal proposal);

  /** Every stored proposal state, oldest first. */
  List<ProcurementProposal> proposalStates();

  /** Every stored demand. */
  List<CapacityDemand> demands();
}
