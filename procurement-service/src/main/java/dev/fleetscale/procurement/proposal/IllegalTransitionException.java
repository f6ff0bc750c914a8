package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import java.util.Set;

/** A status change the lifecycle does not allow; the API answers 409 Conflict. */
public final class IllegalTransitionException extends RuntimeException {

  public IllegalTransitionException(String proposalId, ProposalStatus from, ProposalStatus to,
      Set<ProposalStatus> allowed) {
    super("proposal " + proposalId + " is " + from + " and cannot become " + to
        + (allowed.isEmpty() ? " (" + from + " is final)" : "; allowed next: " + allowed));
  }
}
