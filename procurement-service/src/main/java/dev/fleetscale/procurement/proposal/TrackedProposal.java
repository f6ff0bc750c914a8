package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.procurement.ProcurementProposal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.LocalDate;
import java.util.List;

/**
 * A proposal's current state and its history, oldest change first. Immutable.
 *
 * @param neededBy the earliest needed-by date of the demands it answers; {@code null} if those
 *     demands are not known (e.g. the demand points were deleted)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record TrackedProposal(
    ProcurementProposal proposal, List<StatusChange> history, @Nullable LocalDate neededBy) {

  public TrackedProposal {
    history = List.copyOf(history);
  }

  TrackedProposal next(ProcurementProposal p) {
    List<StatusChange> h = new java.util.ArrayList<>(history);
    h.add(new StatusChange(p.status(), p.statusChangedAt(), p.changedBy(), p.statusNote()));
    return new TrackedProposal(p, h, neededBy);
  }
}
