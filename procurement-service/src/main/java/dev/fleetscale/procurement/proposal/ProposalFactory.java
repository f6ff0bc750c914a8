package dev.fleetscale.procurement.proposal;

import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.procurement.Alternative;
import dev.fleetscale.contracts.procurement.Infeasibility;
import dev.fleetscale.contracts.procurement.LineItem;
import dev.fleetscale.contracts.procurement.ProcurementProposal;
import dev.fleetscale.contracts.procurement.ProposalStatus;
import dev.fleetscale.procurement.solver.AlternativeMix;
import dev.fleetscale.procurement.solver.Shortfall;
import dev.fleetscale.procurement.solver.Solution;
import dev.fleetscale.procurement.solver.SolutionLine;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Builds the {@link ProcurementProposal} event for a solved demand. Stateless. */
final class ProposalFactory {

  static final String SOLVER = "solver";

  private ProposalFactory() {}

  /**
   * The proposal id is derived from the pool and the demand ids it answers, so the same demands
   * always give the same id: a redelivered demand cannot create a second proposal.
   */
  static String proposalId(String pool, List<CapacityDemand> demands) {
    List<String> ids = demands.stream().map(CapacityDemand::demandId).sorted().toList();
    return EventIds.nameBased("procurement-proposal", pool, String.join(",", ids)).toString();
  }

  static ProcurementProposal propose(String pool, List<CapacityDemand> demands, Solution s,
      Instant at, String currency, int horizonMonths, String supersedes) {
    if (demands.isEmpty() || s.feasible() && s.lines().isEmpty()) {
      // A feasible solution without a line item answers a requirement of nothing: never a
      // proposal (ProposalService refuses such demands first; this keeps it so).
      throw new IllegalStateException("no proposal for pool " + pool
          + ": the demands ask for nothing to buy");
    }
    List<CapacityDemand> sorted = demands.stream()
        .sorted(Comparator.comparing(CapacityDemand::demandId)).toList();
    List<LineItem> items = s.lines().stream().map(ProposalFactory::lineItem).toList();
    List<Alternative> alternatives = s.alternatives().stream()
        .map(a -> new Alternative(a.name(), a.costPerHour(), a.capex(), a.totalCostOfOwnership(),
            a.deltaVsProposed(), a.note()))
        .toList();
    Infeasibility infeasibility = s.shortfalls().isEmpty() ? null
        : new Infeasibility(s.shortfalls().get(0).constraint(), s.shortfalls().get(0).shortBy(),
            s.shortfalls().get(0).unit());
    return new ProcurementProposal(
        proposalId(pool, sorted), pool,
        sorted.stream().map(CapacityDemand::demandId).toList(),
        ProposalStatus.PROPOSED, at, SOLVER, null, currency, items, s.costPerHour(), s.capex(),
        s.totalCostOfOwnership(), horizonMonths, s.bindingConstraints(), alternatives,
        justification(pool, sorted, s, currency, horizonMonths), infeasibility, supersedes);
  }

  private static LineItem lineItem(SolutionLine l) {
    return new LineItem(l.sku(), l.category(), l.quantity(), l.unitCapex(),
        l.unitCapex() == null ? l.unitCostPerHour() : null, l.leadTimeDays());
  }

  /** One paragraph for the approver: the forecast figures, the choice, and what limits it. */
  static String justification(String pool, List<CapacityDemand> demands, Solution s,
      String currency, int horizonMonths) {
    StringBuilder b = new StringBuilder();
    boolean planned = demands.stream().allMatch(d -> d.origin() != null
        && d.origin().startsWith(CapacityDemand.PLAN_ORIGIN_PREFIX));
    b.append("Pool ").append(pool).append(planned ? " needs, by a model plan: "
        : " is forecast to fall short: ");
    b.append(demands.stream().map(ProposalFactory::describe).collect(Collectors.joining("; ")));
    b.append(". ");
    if (!s.feasible()) {
      b.append("No hardware mix meets this within the site's limits: ");
      b.append(s.shortfalls().stream().map(Shortfall::message)
          .collect(Collectors.joining("; ")));
      b.append(".");
      s.alternatives().stream().findFirst().ifPresent(a -> b.append(String.format(Locale.ROOT,
          " Renting instead would cost %,.2f %s per hour.", a.costPerHour(), currency)));
      return b.toString();
    }
    b.append(String.format(Locale.ROOT,
        "Cheapest mix: %s, %,.2f %s per hour, %,.2f %s up front, %,.2f %s over %d months.",
        s.lines().stream().map(l -> l.quantity() + " × " + l.sku() + " ("
            + l.acquisition().name().toLowerCase(Locale.ROOT) + ")")
            .collect(Collectors.joining(", ")),
        s.costPerHour(), currency, s.capex(), currency, s.totalCostOfOwnership(), currency,
        horizonMonths));
    if (!s.bindingConstraints().isEmpty()) {
      b.append(" Binding: ").append(String.join(", ", s.bindingConstraints())).append(".");
    }
    for (AlternativeMix a : s.alternatives()) {
      b.append(String.format(Locale.ROOT, " %s: %+,.2f %s over the horizon.",
          capitalise(a.name()), a.deltaVsProposed(), currency));
    }
    return b.toString();
  }

  private static String describe(CapacityDemand d) {
    if (d.origin() != null && d.origin().startsWith(CapacityDemand.PLAN_ORIGIN_PREFIX)) {
      // a plan's demand: its amount and the plan's arithmetic, step by step (evidence.model)
      return String.format(Locale.ROOT, "%s %s needed by %s for %s", d.resource(),
          num(d.shortfall()), d.neededBy(), d.evidence().model());
    }
    String interval = d.predictionLow() != null && d.predictionHigh() != null
        ? String.format(Locale.ROOT, " (interval %s–%s)", num(d.predictionLow()),
            num(d.predictionHigh()))
        : "";
    return String.format(Locale.ROOT,
        "%s forecast peak %s%s against capacity %s at %.0f%% target utilisation, short %s by %s"
            + " (model %s, %s %.3f over %d samples)",
        d.resource(), num(d.forecastPeak()), interval, num(d.capacity()),
        d.targetUtilization() * 100, num(d.shortfall()), d.neededBy(), d.evidence().model(),
        d.evidence().fitErrorMetric(), d.evidence().fitError(), d.evidence().sampleCount());
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The same proposal in a new status. */
  static ProcurementProposal withStatus(ProcurementProposal p, ProposalStatus status, Instant at,
      String by, String note) {
    return new ProcurementProposal(p.proposalId(), p.pool(), p.demandIds(), status, at, by, note,
        p.currency(), p.lineItems(), p.costPerHour(), p.capex(), p.totalCostOfOwnership(),
        p.horizonMonths(), p.bindingConstraints(), p.alternatives(), p.justification(),
        p.infeasibility(), p.supersedes());
  }
}
