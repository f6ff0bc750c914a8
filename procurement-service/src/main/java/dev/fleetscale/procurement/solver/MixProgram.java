package dev.fleetscale.procurement.solver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 *   subject to Σ supply_r(c) · x_c ≥ demand_r        for every resource r with demand_r &gt; 0
 *              Σ powerKw(c)   · x_c ≤ power budget    (if limited)
 *              Σ rackUnits(c) · x_c ≤ free rack units (if limited)
 *              Σ unitCapex(c) · x_c ≤ budget ceiling  (if limited)
 *              x_c integer, 0 ≤ x_c ≤ u_c
 * </pre>
 *
 * <p>Solved by branch and bound over LP relaxations, each an ojAlgo {@link ExpressionsBasedModel}
 * with continuous variables. ojAlgo's own integer solver (57.1.0) is not used: on programs of two
 * variables it answered INFEASIBLE, or a non-optimal "OPTIMAL", where a feasible and cheaper
 * integer point existed (found by {@code SolverPropertiesTest}; its LP answers were right). The
 * search is depth first, rounds every LP point up as a quick incumbent (the demand rows are
 * covering rows, so rounding up keeps them), branches on the most fractional variable with the
 * ceiling branch first, and prunes on the LP bound. Lead time is applied by the caller, by leaving
 * late candidates out. Not thread-safe; cheap to build.
 */
final class MixProgram {

  /** Relative tolerance when checking a solution against a constraint. */
  static final double TOLERANCE = 1e-6;

  /** A value this close to an integer counts as integral. */
  private static final double INTEGRALITY = 1e-6;

  /** Safety stop; the search returns its best mix so far, flagged not proven optimal. */
  private static final int MAX_NODES = 200_000;

  static {
    // ojAlgo's default presolvers changed the answer of feasible programs in tests; the LPs here
    // are small, so they are solved without. Global to ojAlgo in this JVM, whose only user in
    // this service is this class.
    ExpressionsBasedModel.clearPresolvers();
  }

  private final List<Candidate> candidates;
  private final boolean relaxIntegers;
  private final List<Row> rows = new ArrayList<>();
  private final double[] upper;
  private boolean provenOptimal = true;
  private int nodes;

  /** {@code Σ coef · x ≥ lower} or {@code Σ coef · x ≤ upper}; the other side is null. */
  private record Row(String name, double[] coef, Double lower, Double upper) {}

  /**
   * @param limits the limits to impose; a limit not in the map is not imposed ({@link
   *     Limit#LEAD_TIME} is ignored here)
   * @param relaxIntegers true to solve the LP relaxation only (quantities may be fractional)
   */
  MixProgram(List<Candidate> candidates, Map<Resource, Double> demand, Map<Limit, Double> limits,
      boolean relaxIntegers) {
    this.candidates = List.copyOf(candidates);
    this.relaxIntegers = relaxIntegers;
    int n = this.candidates.size();
    for (Map.Entry<Resource, Double> d : new EnumMap<>(demand).entrySet()) {
      if (d.getValue() > 0) {
        double[] coef = new double[n];
        for (int i = 0; i < n; i++) {
          coef[i] = this.candidates.get(i).supplies(d.getKey());
        }
        rows.add(new Row(d.getKey().id(), coef, d.getValue(), null));
      }
    }
    for (Map.Entry<Limit, Double> l : limits.entrySet()) {
      if (l.getKey() == Limit.LEAD_TIME) {
        continue;
      }
      ToDoubleFunction<Candidate> use = usage(l.getKey());
      double[] coef = new double[n];
      for (int i = 0; i < n; i++) {
        coef[i] = use.applyAsDouble(this.candidates.get(i));
      }
      rows.add(new Row(l.getKey().id(), coef, null, l.getValue()));
    }
    upper = new double[n];
    for (int i = 0; i < n; i++) {
      upper[i] = upperBound(this.candidates.get(i), demand);
    }
  }

  /** The cheapest mix per hour, or empty when none satisfies the constraints. */
  Optional<Mix> cheapest() {
    return solve(Candidate::costPerHour).map(this::toMix);
  }

  /** The mix using least of {@code limit} (pass a limit map without it); empty when none. */
  Optional<Mix> leastUsageOf(Limit limit) {
    return solve(usage(limit)).map(this::toMix);
  }

  /** Optimal quantities by cost, unrounded when integers are relaxed; empty when infeasible. */
  Optional<double[]> solveRaw() {
    return solve(Candidate::costPerHour);
  }

  /** False if the last solve stopped at {@link #MAX_NODES} before proving optimality. */
  boolean provenOptimal() {
    return provenOptimal;
  }

  /** Branch-and-bound nodes the last solve explored. */
  int nodes() {
    return nodes;
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
    int n = candidates.size();
    double[] w = candidates.stream().mapToDouble(objective).toArray();
    double[] lo = new double[n];
    double[] hi = upper.clone();
    nodes = 0;
    provenOptimal = true;
    if (relaxIntegers) {
      nodes = 1;
      return lp(w, lo, hi);
    }
    double[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    Deque<double[][]> open = new ArrayDeque<>();
    open.push(new double[][] {lo, hi});
    while (!open.isEmpty()) {
      if (++nodes > MAX_NODES) {
        provenOptimal = false;
        break;
      }
      double[][] node = open.pop();
      Optional<double[]> relaxed = lp(w, node[0], node[1]);
      if (relaxed.isEmpty()) {
        continue;
      }
      double[] x = relaxed.get();
      double bound = dot(w, x);
      if (bound >= bestCost - TOLERANCE * Math.max(1, Math.abs(bestCost))) {
        continue;
      }
      double[] roundedUp = new double[n];
      int branch = -1;
      double mostFractional = 0;
      for (int i = 0; i < n; i++) {
        double frac = x[i] - Math.floor(x[i]);
        double distance = Math.min(frac, 1 - frac);
        roundedUp[i] = distance <= INTEGRALITY ? Math.rint(x[i]) : Math.ceil(x[i]);
        if (distance > INTEGRALITY && distance > mostFractional) {
          mostFractional = distance;
          branch = i;
        }
      }
      if (withinBounds(roundedUp, node[1]) && satisfiesRows(roundedUp)) {
        double cost = dot(w, roundedUp);
        if (cost < bestCost) {
          best = roundedUp;
          bestCost = cost;
        }
      }
      if (branch < 0) {
        continue;
      }
      double[] downHi = node[1].clone();
      downHi[branch] = Math.floor(x[branch]);
      double[] upLo = node[0].clone();
      upLo[branch] = Math.ceil(x[branch]);
      open.push(new double[][] {node[0], downHi});
      open.push(new double[][] {upLo, node[1]}); // popped first: rounding up covers demand
    }
    return Optional.ofNullable(best);
  }

  private Optional<double[]> lp(double[] w, double[] lo, double[] hi) {
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    int n = candidates.size();
    List<Variable> vars = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      vars.add(model.newVariable("x" + i).lower(lo[i]).upper(hi[i]).weight(w[i]));
    }
    for (Row row : rows) {
      Expression e = model.newExpression(row.name());
      if (row.lower() != null) {
        e.lower(row.lower());
      } else {
        e.upper(row.upper());
      }
      for (int i = 0; i < n; i++) {
        if (row.coef()[i] != 0) {
          e.set(vars.get(i), row.coef()[i]);
        }
      }
    }
    Optimisation.Result result = model.minimise();
    if (!result.getState().isFeasible()) {
      return Optional.empty();
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.max(lo[i], Math.min(hi[i], result.doubleValue(i)));
    }
    return Optional.of(x);
  }

  private boolean satisfiesRows(double[] x) {
    for (Row row : rows) {
      double v = dot(row.coef(), x);
      if (row.lower() != null
          && v < row.lower() - TOLERANCE * Math.max(1, Math.abs(row.lower()))) {
        return false;
      }
      if (row.upper() != null
          && v > row.upper() + TOLERANCE * Math.max(1, Math.abs(row.upper()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean withinBounds(double[] x, double[] hi) {
    for (int i = 0; i < x.length; i++) {
      if (x[i] > hi[i]) {
        return false;
      }
    }
    return true;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * No optimal mix holds more units of a candidate than it takes to meet, on its own, every
   * demand it supplies: past that count a unit only adds cost and usage. A candidate supplying
   * nothing demanded is held at zero.
   */
  private static double upperBound(Candidate c, Map<Resource, Double> demand) {
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
}
