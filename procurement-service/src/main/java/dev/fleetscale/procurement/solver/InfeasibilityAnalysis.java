package dev.fleetscale.procurement.solver;

import dev.fleetscale.procurement.solver.ProcurementSolver.Problem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Explains an infeasible requirement by lifting one constraint at a time while keeping the others:
 * for power, rack space and budget the shortfall is the least usage any demand-meeting mix needs
 * minus the limit; for lead time it is the fewest extra days after which enough SKUs arrive. When
 * no single constraint is to blame, each limit's shortfall is measured with every other limit
 * lifted, and all of them are reported. When the catalog cannot supply a resource at all, that is
 * the shortfall.
 */
final class InfeasibilityAnalysis {

  private final Problem p;

  InfeasibilityAnalysis(Problem p) {
    this.p = p;
  }

  List<Shortfall> shortfalls() {
    List<Shortfall> missing = catalogGaps();
    if (!missing.isEmpty()) {
      return missing;
    }
    List<Shortfall> single = new ArrayList<>();
    for (Limit limit : p.limits.keySet()) {
      Map<Limit, Double> others = new EnumMap<>(p.limits);
      others.remove(limit);
      shortOf(limit, p.onTime(), others).ifPresent(single::add);
    }
    leadTimeShortfall(p.limits).ifPresent(single::add);
    if (!single.isEmpty()) {
      return single;
    }
    // No one constraint is to blame: every SKU allowed, each limit measured on its own.
    List<Shortfall> joint = new ArrayList<>();
    for (Limit limit : p.limits.keySet()) {
      shortOf(limit, p.all, Map.of()).ifPresent(joint::add);
    }
    leadTimeShortfall(Map.of()).ifPresent(joint::add);
    return joint;
  }

  /** Resources the whole catalog cannot supply, whatever the limits. */
  private List<Shortfall> catalogGaps() {
    List<Shortfall> out = new ArrayList<>();
    for (Map.Entry<Resource, Double> d : p.demand.entrySet()) {
      if (d.getValue() > 0 && p.all.stream().noneMatch(c -> c.supplies(d.getKey()) > 0)) {
        out.add(shortfall("catalog:" + d.getKey().id(), d.getValue(), d.getKey().unit(),
            "no catalog SKU supplies " + d.getKey().id()
                + (p.req.gpuModel() == null ? "" : " with GPU model " + p.req.gpuModel())));
      }
    }
    return out;
  }

  private Optional<Shortfall> shortOf(Limit limit, List<Candidate> candidates,
      Map<Limit, Double> others) {
    Optional<Mix> least = new MixProgram(candidates, p.demand, others, false, p.searchLimits)
        .leastUsageOf(limit);
    if (least.isEmpty()) {
      return Optional.empty();
    }
    double used = switch (limit) {
      case POWER -> least.get().powerKw();
      case RACK_SPACE -> least.get().rackUnits();
      case BUDGET -> least.get().capex();
      case LEAD_TIME -> throw new IllegalStateException("handled separately");
    };
    double by = used - p.limits.get(limit);
    if (by <= MixProgram.TOLERANCE * Math.max(1, used)) {
      return Optional.empty();
    }
    return Optional.of(shortfall(limit.id(), by, limit.unit(), null));
  }

  /** Fewest extra days to wait so that the SKUs arrived by then can meet the demand. */
  private Optional<Shortfall> leadTimeShortfall(Map<Limit, Double> limits) {
    TreeSet<Integer> leadTimes = new TreeSet<>();
    p.all.stream().filter(c -> c.leadTimeDays() > p.daysAvailable)
        .forEach(c -> leadTimes.add(c.leadTimeDays()));
    for (int days : leadTimes) {
      List<Candidate> arrived = p.all.stream().filter(c -> c.leadTimeDays() <= days).toList();
      if (new MixProgram(arrived, p.demand, limits, false, p.searchLimits).cheapest().isPresent()) {
        return Optional.of(shortfall(Limit.LEAD_TIME.id(), days - p.daysAvailable,
            Limit.LEAD_TIME.unit(), null));
      }
    }
    return Optional.empty();
  }

  private static Shortfall shortfall(String constraint, double by, String unit, String why) {
    String message = why != null ? why
        : String.format(Locale.ROOT, "%s: %s %s short", constraint, format(by), unit);
    return new Shortfall(constraint, by, unit, message);
  }

  static String format(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
