package dev.fleetscale.procurement.proposal;

import io.micronaut.core.annotation.Nullable;

/**
 * What receiving a demand did.
 *
 * @param proposal the proposal that answers it; {@code null} for a duplicate of a demand whose
 *     proposal is unknown
 * @param superseded id of the open proposal it replaced, or {@code null}
 */
public record DemandOutcome(Kind kind, @Nullable TrackedProposal proposal,
    @Nullable String superseded) {

  /** CREATED: a new proposal; DUPLICATE: this demand id was seen before, nothing changed. */
  public enum Kind { CREATED, DUPLICATE }
}
