package dev.fleetscale.procurement.proposal;

import static dev.fleetscale.contracts.procurement.ProposalStatus.APPROVED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.DELIVERED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.EXPIRED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.ORDERED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.PROPOSED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.REJECTED;
import static dev.fleetscale.contracts.procurement.ProposalStatus.SUPERSEDED;

import dev.fleetscale.contracts.procurement.ProposalStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed status changes of a proposal:
 *
 * <pre>
 *   PROPOSED → APPROVED | REJECTED | EXPIRED | SUPERSEDED
 *   APPROVED → ORDERED | EXPIRED
 *   ORDERED  → DELIVERED
 *   REJECTED, DELIVERED, EXPIRED, SUPERSEDED: final
 * </pre>
 *
 * An order placed is not expired: it is delivered (late, perhaps), which is what the forecast must
 * learn about.
 */
public final class Lifecycle {

  private static final Map<ProposalStatus, Set<ProposalStatus>> NEXT =
      new EnumMap<>(ProposalStatus.class);

  static {
    NEXT.put(PROPOSED, EnumSet.of(APPROVED, REJECTED, EXPIRED, SUPERSEDED));
    NEXT.put(APPROVED, EnumSet.of(ORDERED, EXPIRED));
    NEXT.put(ORDERED, EnumSet.of(DELIVERED));
    for (ProposalStatus s : ProposalStatus.values()) {
      NEXT.putIfAbsent(s, EnumSet.noneOf(ProposalStatus.class));
    }
  }

  private Lifecycle() {}

  public static boolean allows(ProposalStatus from, ProposalStatus to) {
    return NEXT.get(from).contains(to);
  }

  /** Statuses reachable from {@code from} in one step. */
  public static Set<ProposalStatus> next(ProposalStatus from) {
    return EnumSet.copyOf(NEXT.get(from));
  }

  /** @throws IllegalTransitionException if the change is not allowed */
  public static void check(String proposalId, ProposalStatus from, ProposalStatus to) {
    if (!allows(from, to)) {
      throw new IllegalTransitionException(proposalId, from, to, next(from));
    }
  }
}
