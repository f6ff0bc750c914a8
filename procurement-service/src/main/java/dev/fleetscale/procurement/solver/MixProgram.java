package dev.fleetscale.procurement.solver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The mixed-integer program: one non-negative integer variable per candidate,
 *
 * <pre>
 *   minimise   Σ objective(c) · x_c
 *   subject to Σ supply_r(c) · x_c ≥ demand_r        for every resource r with demand_r > 0
 *              Σ powerKw(c)   · x_c ≤ power budget    (if limited)
 *              Σ rackUnits(c) · x_c ≤ free rack units (if limited)
 *              Σ unitCapex(c) · x_c ≤ budget ceiling  (if limited)
 * </pre>
 *
 * solved with ojAlgo's {@link ExpressionsBasedModel} (branch and bound over its simplex). Lead time
 * is applied by the caller, by leaving late candidates out. Each instance solves once; not
 * thread-safe, cheap to build.
 */
final class MixProgram {

  /** Relative tolerance when checking a solution against a constraint. */
  static final double TOLERANCE = 1e-6;

  private final List<Candidate> candidates;
  private final Map<Resource, Double> demand;
  private final Map<Limit, Double> limits;
  private final boolean relaxIntegers;

  /**
   * @param limits the limits to impose; a limit not in the map is not imposed ({@link
   *     Limit#LEAD_TIME} is ignored here)
   * @param relaxIntegers true to solve the LP relaxation (quantities may be fractional)
   */
  MixProgram(List<Candidate> candidates, Map<Resource, Double> demand, Map<Limit, Double> limits,
      boolean relaxIntegers) {
    this.candidates = List.copyOf(candidates);
    this.demand = new EnumMap<>(demand);
    this.limits = limits.isEmpty() ? new EnumMap<>(Limit.class) : new EnumMap<>(limits);
    this.relaxIntegers = relaxIntegers;
  }

  /** The cheapest mix per hour, or empty when none satisfies the constraints. */
  Optional<Mix> cheapest() {
    return solve(Candidate::costPerHour).map(this::toMix);
  }

  /** The mix using least of {@code limit}, ignoring that limit; empty when none exists. */
  Optional<Mix> leastUsageOf(Limit limit) {
    return solve(usage(limit)).map(this::toMix);
  }

  /** Unrounded optimal objective of the program; empty when infeasible. */
  Optional<double[]> solveRaw() {
    return solve(Candidate::costPerHour);
  }

  static ToDoubleFunction<Candidate> usage(Limit limit) {
    return switch (limit) {
      case POWER -> Candidate::powerKw;
      case RACK_SPACE -> c -> c.rackUnits();
      case BUDGET -> Candidate::unitCapex;
      case LEAD_TIME -> c -> c.leadTimeDays();
    };
  }

  private Optional<double[]> solve(ToDoubleFunction<Candidate> objective) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    List<Variable> vars = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      Variable v = model.newVariable("x" + i).lower(0).upper(upperBound(c))
          .weight(objective.applyAsDouble(c));
      if (!relaxIntegers) {
        v.integer(true);
      }
      vars.add(v);
    }
    for (Map.Entry<Resource, Double> d : demand.entrySet()) {
      if (d.getValue() <= 0) {
        continue;
      }
      Expression e = model.newExpression(d.getKey().id()).lower(d.getValue());
      for (int i = 0; i < candidates.size(); i++) {
        double s = candidates.get(i).supplies(d.getKey());
        if (s > 0) {
          e.set(vars.get(i), s);
        }
      }
    }
    for (Map.Entry<Limit, Double> l : limits.entrySet()) {
      if (l.getKey() == Limit.LEAD_TIME) {
        continue;
      }
      Expression e = model.newExpression(l.getKey().id()).upper(l.getValue());
      ToDoubleFunction<Candidate> use = usage(l.getKey());
      for (int i = 0; i < candidates.size(); i++) {
        double u = use.applyAsDouble(candidates.get(i));
        if (u != 0) {
          e.set(vars.get(i), u);
        }
      }
    }
    Optimisation.Result result = model.minimise();
    if (!result.getState().isFeasible()) {
      return Optional.empty();
    }
    double[] x = new double[candidates.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = result.doubleValue(i);
    }
    return Optional.of(x);
  }

  /**
   * No optimal mix holds more units of a candidate than it takes to meet, on its own, every
   * demand it supplies; bounding the variables keeps branch and bound small.
   */
  private double upperBound(Candidate c) {
    double bound = 0;
    for (Map.Entry<Resource, Double> d : demand.entrySet()) {
      double s = c.supplies(d.getKey());
      if (s > 0 && d.getValue() > 0) {
        bound = Math.max(bound, Math.ceil(d.getValue() / s - TOLERANCE));
      }
    }
    return bound;
  }

  private Mix toMix(double[] x) {
    List<MixLine> lines = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      long q = Math.round(x[i]);
      if (q > 0) {
        lines.add(new MixLine(candidates.get(i), (int) q));
      }
    }
    return Mix.of(lines);
  }

  /** True if the mix meets every demand and stays within every imposed limit. */
  static boolean satisfies(Mix mix, Map<Resource, Double> demand, Map<Limit, Double> limits) {
    for (Map.Entry<Resource, Double> d : demand.entrySet()) {
      if (mix.supplied(d.getKey()) < d.getValue() - TOLERANCE * Math.max(1, d.getValue())) {
        return false;
      }
    }
    for (Map.Entry<Limit, Double> l : limits.entrySet()) {
      double used = switch (l.getKey()) {
        case POWER -> mix.powerKw();
        case RACK_SPACE -> mix.rackUnits();
        case BUDGET -> mix.capex();
        case LEAD_TIME -> mix.lines().stream()
            .mapToInt(m -> m.candidate().leadTimeDays()).max().orElse(0);
      };
      if (used > l.getValue() + TOLERANCE * Math.max(1, l.getValue())) {
        return false;
      }
    }
    return true;
  }

}
