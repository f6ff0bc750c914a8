package dev.fleetscale.procurement.solver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
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
 * <p>Solved by best-first branch and bound over LP relaxations, each an ojAlgo {@link ExpressionsBasedModel}
 * with continuous variables. ojAlgo's own integer solver (57.1.0) is not used: on programs of two
 * variables it answered INFEASIBLE, or a non-optimal "OPTIMAL", where a feasible and cheaper
 * integer point existed (found by {@code SolverPropertiesTest}; its LP answers were right). Before
 * the search, dominated candidates are held at zero. The search rounds every LP point up as a
 * quick incumbent (the demand rows are covering rows, so rounding up keeps them), branches on the
 * most fractional variable, and stops when no open node can beat the incumbent by more than the
 * relative gap of {@link SearchLimits}, or at its time or node limit (then the mix is the best
 * found and {@link #provenOptimal()} is false). Lead time is applied by the caller, by leaving
 * late candidates out. Not thread-safe; cheap to build.
 */
final class MixProgram {

  /** Relative tolerance when checking a solution against a constraint. */
  static final double TOLERANCE = 1e-6;

  /** A value this close to an integer counts as integral. */
  private static final double INTEGRALITY = 1e-6;


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
    double[] hi = upper.clone();
    boolean[] dominated = dominated(w);
    for (int i = 0; i < n; i++) {
      if (dominated[i]) {
        hi[i] = 0;
      }
    }
    double[] lo = new double[n];
    nodes = 0;
    provenOptimal = true;
    gap = 0;
    if (relaxIntegers) {
      nodes = 1;
      return lp(w, lo, hi);
    }
    long deadline = System.nanoTime() + limits.timeLimit().toNanos();
    double[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    // Best-first: the open node with the lowest parent bound is expanded next, so when that
    // bound is within the gap of the incumbent, every open node is, and the search can stop.
    // Best-first; if the time limit passes before any mix is found, it dives depth first from
    // the best open node (floor branch first, which frees power and space when rounding up broke
    // them) until it has one, so a feasible demand always gets an answer.
    PriorityQueue<Node> open = new PriorityQueue<>(Comparator.comparingDouble(Node::bound));
    Deque<Node> dive = new ArrayDeque<>();
    open.add(new Node(lo, hi, Double.NEGATIVE_INFINITY));
    while (!open.isEmpty() || !dive.isEmpty()) {
      if (best != null && !dive.isEmpty()) {
        open.addAll(dive);
        dive.clear();
      }
      Node node = dive.isEmpty() ? open.peek() : dive.peek();
      if (node.bound() >= cutoff(bestCost)) {
        break; // best-first: every open node is at least as bad
      }
      // The time limit applies once there is a mix to return: a feasible demand gets an answer.
      if (nodes >= limits.maxNodes() || (best != null && System.nanoTime() > deadline)) {
        provenOptimal = false;
        gap = best == null ? Double.POSITIVE_INFINITY
            : (bestCost - node.bound()) / Math.max(1e-12, Math.abs(bestCost));
        break;
      }
      if (dive.isEmpty()) {
        open.poll();
      } else {
        dive.pop();
      }
      nodes++;
      Optional<double[]> relaxed = lp(w, node.lo(), node.hi());
      if (relaxed.isEmpty()) {
        continue;
      }
      double[] x = relaxed.get();
      double bound = dot(w, x);
      if (bound >= cutoff(bestCost)) {
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
      // Rounding up keeps the covering rows; it is an incumbent if the limits still hold.
      if (withinBounds(roundedUp, node.hi()) && satisfiesRows(roundedUp)) {
        double cost = dot(w, roundedUp);
        if (cost < bestCost) {
          best = roundedUp;
          bestCost = cost;
        }
      }
      if (branch < 0) {
        continue;
      }
      double[] downHi = node.hi().clone();
      downHi[branch] = Math.floor(x[branch]);
      double[] upLo = node.lo().clone();
      upLo[branch] = Math.ceil(x[branch]);
      if (best == null && System.nanoTime() > deadline) {
        dive.push(new Node(upLo, node.hi(), bound));
        dive.push(new Node(node.lo(), downHi, bound));
      } else {
        open.add(new Node(upLo, node.hi(), bound));
        open.add(new Node(node.lo(), downHi, bound));
      }
    }
    return Optional.ofNullable(best);
  }

  /** A node whose bound reaches this cannot improve the incumbent by more than the gap. */
  private double cutoff(double bestCost) {
    if (Double.isInfinite(bestCost)) {
      return Double.POSITIVE_INFINITY;
    }
    double slack = Math.max(TOLERANCE * Math.max(1, Math.abs(bestCost)) * 1e-3,
        limits.relativeGap() * Math.abs(bestCost));
    return bestCost - slack;
  }

  /**
   * Candidates another candidate dominates: it supplies at least as much of every resource and
   * costs, draws, occupies and spends no more (ties broken by position). Replacing each unit of a
   * dominated candidate by one of its dominator keeps a mix feasible and no dearer, so some
   * optimum uses none of them.
   */
  private boolean[] dominated(double[] w) {
    int n = candidates.size();
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n && !out[i]; k++) {
        if (k == i || out[k]) {
          continue;
        }
        boolean noWorse = w[k] <= w[i];
        boolean strictly = w[k] < w[i];
        for (Row row : rows) {
          if (!noWorse) {
            break;
          }
          double a = row.coef()[k];
          double b = row.coef()[i];
          boolean better = row.lower() != null ? a >= b : a <= b;
          noWorse = better;
          strictly |= a != b;
        }
        if (noWorse && (strictly || k < i)) {
          out[i] = true;
        }
      }
    }
    return out;
  }

  /** An open branch-and-bound node: variable bounds and the bound of the LP it came from. */
  private record Node(double[] lo, double[] hi, double bound) {}

  /**
   * The LP relaxation with these bounds. Variables fixed by their bounds (dominated ones, and
   * those branching has pinned) are not handed to ojAlgo: their share moves to the row bounds,
   * which keeps each node's LP as small as the free variables.
   */
  private Optional<double[]> lp(double[] w, double[] lo, double[] hi) {
    int n = candidates.size();
    double[] x = new double[n];
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (hi[i] > lo[i]) {
        free.add(i);
      } else {
        x[i] = lo[i];
      }
    }
    ExpressionsBasedModel model = new ExpressionsBasedModel();
    List<Variable> vars = new ArrayList<>(free.size());
    for (int i : free) {
      vars.add(model.newVariable("x" + i).lower(lo[i]).upper(hi[i]).weight(w[i]));
    }
    for (Row row : rows) {
      double fixedShare = dot(row.coef(), x);
      if (row.lower() != null) {
        if (fixedShare >= row.lower()) {
          continue; // already met by the fixed variables
        }
      } else if (fixedShare > row.upper() + TOLERANCE * Math.max(1, Math.abs(row.upper()))) {
        return Optional.empty();
      }
      Expression e = model.newExpression(row.name());
      if (row.lower() != null) {
        e.lower(row.lower() - fixedShare);
      } else {
        e.upper(row.upper() - fixedShare);
      }
      boolean any = false;
      for (int k = 0; k < free.size(); k++) {
        double c = row.coef()[free.get(k)];
        if (c != 0) {
          e.set(vars.get(k), c);
          any = true;
        }
      }
      if (!any && row.lower() != null) {
        return Optional.empty(); // a demand nothing free can supply any more
      }
    }
    if (free.isEmpty()) {
      return satisfiesRows(x) ? Optional.of(x) : Optional.empty();
    }
    Optimisation.Result result = model.minimise();
    if (!result.getState().isFeasible()) {
      return Optional.empty();
    }
    for (int k = 0; k < free.size(); k++) {
      int i = free.get(k);
      x[i] = Math.max(lo[i], Math.min(hi[i], result.doubleValue(k)));
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
