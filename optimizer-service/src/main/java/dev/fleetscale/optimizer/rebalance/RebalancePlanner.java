package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Goal-based planner in the manner of Cruise Control: goals run in priority order on a working
 * copy of an immutable {@link FleetSnapshot}; each goal's moves must pass the vetoes of the hard
 * goals and of the goals before it, and must lower the total score. Each goal is timed and its
 * timing published with the plan. Thread-safe if its goals are (the built-in ones are stateless).
 */
public final class RebalancePlanner {

  /**
   * Fleets up to this many (workload, host) pairs get an exhaustive polish after the goals: best
   * single moves and swaps by total score until none helps. Greedy goals get stuck where only a
   * swap helps (full hosts); on small pools the polish closes most of that gap cheaply.
   */
  static final int POLISH_MAX_PAIRS = 20_000;
  private static final int POLISH_MAX_PASSES = 20;

  private final List<Goal> goals;
  private final PlannerSettings settings;

  /**
   * @param goals in priority order, hard goals first
   * @throws IllegalArgumentException if a hard goal follows a soft one
   */
  public RebalancePlanner(List<Goal> goals, PlannerSettings settings) {
    this.goals = List.copyOf(goals);
    this.settings = settings;
    boolean softSeen = false;
    for (Goal g : this.goals) {
      if (g.hard() && softSeen) {
        // Hard goals are checked first so that an infeasible one is known before soft goals
        // spend time on a plan that will be thrown away.
        throw new IllegalArgumentException("goals: hard goal " + g.name()
            + " is listed after a soft goal; hard goals must come first");
      }
      softSeen |= !g.hard();
    }
  }

  /** The default goal list: every hard goal, then the soft goals by priority, fewest moves last. */
  public static List<Goal> defaultGoals(double utilizationBand, double powerHeadroom,
      int hotCelsius, double ioBand, double costPerMove) {
    return new GoalCatalog(utilizationBand, powerHeadroom, hotCelsius, ioBand, costPerMove, 0)
        .goals(GoalCatalog.DEFAULT_ORDER);
  }

  /** Total weighted score of a snapshot as it is; lower is better. */
  public double score(FleetSnapshot snapshot) {
    return score(new PlanningState(snapshot));
  }

  double score(PlanningState state) {
    double sum = 0;
    for (Goal g : goals) {
      sum += g.weight() * g.violation(state);
    }
    return sum;
  }

  /**
   * Plans the pool.
   *
   * @return the plan, or empty if no plan lowers the score by more than the threshold
   * @throws InfeasibleGoalException if any hard goal cannot be met; it names what is short
   * @throws IllegalStateException if the plan would make the score worse (a bug in a goal)
   */
  public Optional<RebalancePlan> plan(FleetSnapshot snapshot) throws InfeasibleGoalException {
    PlanningRun run = run(snapshot);
    if (!run.infeasible().isEmpty()) {
      throw new InfeasibleGoalException(run.infeasible(), run.goals());
    }
    return run.plan();
  }

  /**
   * Plans the pool and says what each goal did and cost, also when there is nothing to publish.
   * Hard goals run first; if one cannot be met, the soft goals do not run (their work would be
   * thrown away with the plan) and are listed with a note saying so.
   *
   * @throws IllegalStateException if the plan would make the score worse (a bug in a goal)
   */
  public PlanningRun run(FleetSnapshot snapshot) {
    PlanningState state = new PlanningState(snapshot);
    double before = score(state);
    MoveGate gate = new MoveGate(state, goals, settings.maxMovesPerPlan(),
        settings.maxMovesPerHost());
    List<InfeasibleGoal> infeasible = new ArrayList<>();
    long[] micros = new long[goals.size()];
    String[] notes = new String[goals.size()];
    for (int i = 0; i < goals.size(); i++) {
      Goal goal = goals.get(i);
      if (!goal.hard() && !infeasible.isEmpty()) {
        notes[i] = "not run: a hard goal cannot be met";
        continue;
      }
      int movesBefore = state.moveCount();
      long vetoesBefore = gate.vetoes();
      long deferredBefore = gate.deferred();
      long start = System.nanoTime();
      gate.startGoal(goal);
      try {
        goal.optimize(state, gate);
      } catch (InfeasibleGoalException e) {
        infeasible.addAll(e.infeasible());
      }
      gate.finishGoal(goal);
      micros[i] = (System.nanoTime() - start) / 1000;
      notes[i] = "moves " + signed(state.moveCount() - movesBefore) + ", vetoed "
          + (gate.vetoes() - vetoesBefore);
      if (gate.deferred() > deferredBefore) {
        notes[i] += ", left for the next plan " + (gate.deferred() - deferredBefore)
            + " (move budget spent)";
      }
    }
    GoalResult polish = null;
    if (infeasible.isEmpty()
        && (long) state.workloads.length * state.hostCount() <= POLISH_MAX_PAIRS) {
      long start = System.nanoTime();
      int steps = polish(state);
      polish = new GoalResult("ExhaustivePolish", false, true,
          (System.nanoTime() - start) / 1000, "steps " + steps);
    }
    List<GoalResult> results = new ArrayList<>(goals.size() + 1);
    for (int i = 0; i < goals.size(); i++) {
      Goal g = goals.get(i);
      boolean satisfied = g instanceof FewestMovesGoal || g.violation(state) <= MoveGate.EPSILON;
      results.add(new GoalResult(g.name(), g.hard(), satisfied, micros[i], notes[i]));
    }
    if (polish != null) {
      results.add(polish);
    }
    double after = score(state);
    if (!infeasible.isEmpty()) {
      return new PlanningRun(Optional.empty(), results, infeasible, before, after);
    }
    if (after > before + MoveGate.EPSILON) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "plan for pool %s makes the score worse: %.6f -> %.6f; a goal is broken",
          snapshot.pool(), before, after));
    }
    if (state.moveCount() == 0 || before - after <= settings.minImprovement()) {
      return new PlanningRun(Optional.empty(), results, List.of(), before, after);
    }
    return new PlanningRun(Optional.of(new RebalancePlan(planId(snapshot), snapshot.pool(),
        snapshot.asOf(), moves(state), before, after, results, List.of())), results, List.of(),
        before, after);
  }

  private static String signed(int n) {
    return n >= 0 ? "+" + n : Integer.toString(n);
  }

  private double hardViolation(PlanningState state) {
    double sum = 0;
    for (Goal g : goals) {
      if (g.hard()) {
        sum += g.violation(state);
      }
    }
    return sum;
  }

  /** Best-improvement single moves and swaps on the total score; returns steps taken. */
  private int polish(PlanningState state) {
    int steps = 0;
    double current = score(state);
    double hard = hardViolation(state);
    int n = state.workloads.length;
    for (int pass = 0; pass < POLISH_MAX_PASSES; pass++) {
      double best = current;
      int bestW = -1;
      int bestDestination = -1;
      int bestOther = -1;
      for (int w = 0; w < n; w++) {
        int from = state.hostOf[w];
        for (int h = 0; h < state.hostCount(); h++) {
          if (h == from) {
            continue;
          }
          PlanningState.GpuMark mark = state.mark(from, h);
          state.relocate(w, h);
          double score = acceptable(state, hard) ? score(state) : Double.POSITIVE_INFINITY;
          state.relocate(w, from);
          mark.restore();
          if (score < best - MoveGate.EPSILON) {
            best = score;
            bestW = w;
            bestDestination = h;
            bestOther = -1;
          }
        }
        for (int o = w + 1; o < n; o++) {
          int other = state.hostOf[o];
          if (other == from) {
            continue;
          }
          PlanningState.GpuMark mark = state.mark(from, other);
          state.relocate(w, other);
          state.relocate(o, from);
          double score = acceptable(state, hard) ? score(state) : Double.POSITIVE_INFINITY;
          state.relocate(o, other);
          state.relocate(w, from);
          mark.restore();
          if (score < best - MoveGate.EPSILON) {
            best = score;
            bestW = w;
            bestDestination = other;
            bestOther = o;
          }
        }
      }
      if (bestW < 0) {
        break;
      }
      String reason = String.format(Locale.ROOT, "ExhaustivePolish: lowers the score %.2f -> %.2f",
          current, best);
      int from = state.hostOf[bestW];
      state.apply(bestW, bestDestination, reason);
      if (bestOther >= 0) {
        state.apply(bestOther, from, reason + " (swap with " + state.workloads[bestW].id() + ")");
      }
      current = best;
      steps++;
    }
    return steps;
  }

  private boolean acceptable(PlanningState state, double hardBefore) {
    return state.withinBudgets(settings.maxMovesPerPlan(), settings.maxMovesPerHost())
        && hardViolation(state) <= hardBefore + MoveGate.EPSILON;
  }

  /** Deterministic: the same pool and snapshot time give the same id after a replay. */
  public static String planId(FleetSnapshot snapshot) {
    return EventIds.nameBased("rebalance", snapshot.pool(), snapshot.asOf()).toString();
  }

  private static List<Move> moves(PlanningState state) {
    List<Move> moves = new ArrayList<>(state.moveCount());
    for (Map.Entry<Integer, List<String>> e : state.moved.entrySet()) {
      int w = e.getKey();
      moves.add(new Move(state.workloads[w].id(), state.hosts[state.original[w]].id(),
          state.hosts[state.hostOf[w]].id(), state.workloads[w].gpus(),
          String.join("; then ", e.getValue())));
    }
    return moves;
  }
}
