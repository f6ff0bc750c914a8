package dev.fleetscale.procurement.proposal;

import io.micronaut.core.annotation.Nullable;

/**
 * What receiving a demand did.
 *
 * @param proposal the proposal that answers it; {@code null} for a duplicate of a demand whose
 *     proposal is unknown
 * @param superseded id of the open proposal it replaced, or {@code null}
 * @param reason why a REJECTED demand was refused, naming the field and the rule; else {@code
 *     null}
 */
public record DemandOutcome(Kind kind, @Nullable TrackedProposal proposal,
    @Nullable String superseded, @Nullable String reason) {

  public DemandOutcome(Kind kind, @Nullable TrackedProposal proposal,
      @Nullable String superseded) {
    this(kind, proposal, superseded, null);
  }

  /** A demand refused without a trace in state, journal or topic. */
  static DemandOutcome rejected(String reason) {
    return new DemandOutcome(Kind.REJECTED, null, null, reason);
  }

  /**
   * CREATED: a new proposal; DUPLICATE: this demand id was seen before, nothing changed;
   * REJECTED: the demand decoded but cannot be planned for (see {@link #reason()}), nothing
   * changed, and the record belongs on the dead-letter topic with that reason.
   */
  public enum Kind { CREATED, DUPLICATE, REJECTED }
}
