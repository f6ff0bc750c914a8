package dev.fleetscale.procurement.solver;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

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
 * <p>Solved by SCIP through OR-Tools' {@link MPSolver}, within the relative gap, time and node
 * limits of {@link SearchLimits}; {@link #provenOptimal()} is true when SCIP proved the mix optimal
 * within the gap (or proved that no mix exists). The LP relaxation, a lower bound, is solved by
 * GLOP. Why OR-Tools and its native jars: ojAlgo 57.1.0's integer solver answered INFEASIBLE, or a
 * non-optimal "OPTIMAL", on programs of two variables where a cheaper integer point existed (found
 * by {@code SolverPropertiesTest}), and the branch and bound over ojAlgo LPs that replaced it rarely
 * proved optimality within 2 s (docs/benchmarks-procurement.md). Lead time is applied by the
 * caller, by leaving late candidates out. Not thread-safe; cheap to build; each solve builds and
 * frees its own native model, so separate instances may solve in parallel.
 */
final class MixProgram {

  /** Relative tolerance when checking a solution against a constraint. */
  static final double TOLERANCE = 1e-6;

  /** "No time limit" for the search for a first mix; the node budget still bounds it. */
  private static final long NO_TIME_LIMIT_MS = Duration.ofDays(1).toMillis();

  private final List<Candidate> candidates;
  private final boolean relaxIntegers;
  private final List<Row> rows = new ArrayList<>();
  private final double[] upper;
  private final SearchLimits limits;
  private boolean provenOptimal = true;
  private double gap;
  private int nodes;

  /** {@code Σ coef · x ≥ lower} or {@code Σ coef · x ≤ upper}; the other side is null. */
  private record Row(String name, double[] coef, Double lower, Double upper) {}

  /**
   * @param limits the limits to impose; a limit not in the map is not imposed ({@link
   *     Limit#LEAD_TIME} is ignored here)
   * @param relaxIntegers true to solve the LP relaxation only (quantities may be fractional)
   */
  MixProgram(List<Candidate> candidates, Map<Resource, Double> demand, Map<Limit, Double> limits,
      boolean relaxIntegers, SearchLimits searchLimits) {
    this.limits = searchLimits;
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

  /** False if the last solve hit a search limit before proving its mix optimal. */
  boolean provenOptimal() {
    return provenOptimal;
  }

  /**
   * Relative distance between the last mix's cost and the best bound still open when the search
   * stopped; at most the configured gap when proven.
   */
  double gap() {
    return gap;
  }

  /** Branch-and-bound nodes SCIP explored in the last solve (0 for the LP relaxation). */
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
    OrToolsNatives.ensureLoaded();
    Attempt first = attempt(objective, false);
    nodes = first.nodes();
    Attempt last = first;
    if (first.status() == MPSolver.ResultStatus.NOT_SOLVED && !relaxIntegers) {
      // Out of time before the first mix: search on until one is found (or the node budget is
      // spent), so that a feasible demand is never reported infeasible for lack of time. A fresh
      // model, because SCIP answers ABNORMAL when an interrupted solve is resumed.
      last = attempt(objective, true);
      nodes += last.nodes();
    }
    provenOptimal = last.status() == MPSolver.ResultStatus.OPTIMAL
        || last.status() == MPSolver.ResultStatus.INFEASIBLE;
    gap = last.gap();
    return Optional.ofNullable(last.values());
  }

  /** One solve of a freshly built model; {@code values} is null when it found no mix. */
  private record Attempt(MPSolver.ResultStatus status, double[] values, double gap, int nodes) {}

  private Attempt attempt(ToDoubleFunction<Candidate> objective, boolean untilFirstMix) {
    MPSolver solver = MPSolver.createSolver(relaxIntegers ? "GLOP" : "SCIP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools was built without " + (relaxIntegers ? "GLOP"
          : "SCIP"));
    }
    try {
      int n = candidates.size();
      MPVariable[] x = new MPVariable[n];
      MPObjective cost = solver.objective();
      for (int i = 0; i < n; i++) {
        x[i] = solver.makeVar(0, upper[i], !relaxIntegers, "x" + i);
        cost.setCoefficient(x[i], objective.applyAsDouble(candidates.get(i)));
      }
      cost.setMinimization();
      for (Row row : rows) {
        MPConstraint c = solver.makeConstraint(
            row.lower() != null ? row.lower() : Double.NEGATIVE_INFINITY,
            row.upper() != null ? row.upper() : Double.POSITIVE_INFINITY, row.name());
        for (int i = 0; i < n; i++) {
          c.setCoefficient(x[i], row.coef()[i]);
        }
      }
      MPSolverParameters params = new MPSolverParameters();
      if (!relaxIntegers) {
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP,
            limits.relativeGap());
        if (untilFirstMix) {
          scipParameters(solver, "limits/nodes = " + limits.maxNodes() + "\nlimits/solutions = 1");
          solver.setTimeLimit(NO_TIME_LIMIT_MS);
        } else {
          scipParameters(solver, "limits/nodes = " + limits.maxNodes());
          solver.setTimeLimit(Math.max(1, limits.timeLimit().toMillis()));
        }
      }
      MPSolver.ResultStatus status = solver.solve(params);
      int explored = relaxIntegers ? 0 : (int) solver.nodes();
      if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
        double noGap = status == MPSolver.ResultStatus.INFEASIBLE ? 0 : Double.POSITIVE_INFINITY;
        return new Attempt(status, null, noGap, explored);
      }
      double value = cost.value();
      double gapNow = relaxIntegers ? 0
          : Math.max(0, value - cost.bestBound()) / Math.max(1e-12, Math.abs(value));
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = x[i].solutionValue();
      }
      return new Attempt(status, out, gapNow, explored);
    } finally {
      solver.delete(); // frees the native model now rather than at finalisation
    }
  }

  private static void scipParameters(MPSolver solver, String parameters) {
    if (!solver.setSolverSpecificParametersAsString(parameters)) {
      throw new IllegalStateException("SCIP rejected parameters: " + parameters);
    }
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
        // at least 1: a demand below TOLERANCE of one unit (a plan's 320 bit/s of client
        // network against a 3.2 Tbit/s switch) would otherwise round to a bound of 0 and make
        // the program infeasible (found by PlanProposalPropertiesTest)
        bound = Math.max(bound, Math.max(1, Math.ceil(d.getValue() / s - TOLERANCE)));
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
