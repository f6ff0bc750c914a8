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

  private final List<Goal> goals;
  private final PlannerSettings settings;

  /**
   * @param goals in priority order; hard goals should come first (they always veto regardless)
   */
  public RebalancePlanner(List<Goal> goals, PlannerSettings settings) {
    this.goals = List.copyOf(goals);
    this.settings = settings;
  }

  /** The default goal list: every hard goal, then the soft goals by priority, fewest moves last. */
  public static List<Goal> defaultGoals(double utilizationBand, double powerHeadroom,
      int hotCelsius, double ioBand, double costPerMove) {
    return List.of(
        new HealthyHostsGoal(),
        new GpuCountGoal(),
        new GpuMemoryGoal(),
        new AntiAffinityGoal(),
        new GangGoal(),
        new GpuUtilizationSpreadGoal(utilizationBand, 1.0),
        new PowerHeadroomGoal(powerHeadroom, hotCelsius, 0.1),
        new NicUtilizationSpreadGoal(ioBand, 0.5),
        new SsdUtilizationSpreadGoal(ioBand, 0.5),
        new FewestMovesGoal(costPerMove));
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
    PlanningState state = new PlanningState(snapshot);
    double before = score(state);
    MoveGate gate = new MoveGate(state, goals, settings.maxMovesPerPlan(),
        settings.maxMovesPerHost());
    List<InfeasibleGoal> infeasible = new ArrayList<>();
    long[] micros = new long[goals.size()];
    String[] notes = new String[goals.size()];
    for (int i = 0; i < goals.size(); i++) {
      Goal goal = goals.get(i);
      int movesBefore = state.moveCount();
      long vetoesBefore = gate.vetoes();
      long start = System.nanoTime();
      gate.startGoal(goal);
      try {
        goal.optimize(state, gate);
      } catch (InfeasibleGoalException e) {
        infeasible.addAll(e.infeasible());
      }
      gate.finishGoal(goal);
      micros[i] = (System.nanoTime() - start) / 1000;
      notes[i] = String.format(Locale.ROOT, "moves %+d, vetoed %d", state.moveCount() - movesBefore,
          gate.vetoes() - vetoesBefore);
    }
    List<GoalResult> results = new ArrayList<>(goals.size());
    for (int i = 0; i < goals.size(); i++) {
      Goal g = goals.get(i);
      boolean satisfied = g instanceof FewestMovesGoal || g.violation(state) <= MoveGate.EPSILON;
      results.add(new GoalResult(g.name(), g.hard(), satisfied, micros[i], notes[i]));
    }
    if (!infeasible.isEmpty()) {
      throw new InfeasibleGoalException(infeasible, results);
    }
    double after = score(state);
    if (after > before + MoveGate.EPSILON) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "plan for pool %s makes the score worse: %.6f -> %.6f; a goal is broken",
          snapshot.pool(), before, after));
    }
    if (state.moveCount() == 0 || before - after <= settings.minImprovement()) {
      return Optional.empty();
    }
    return Optional.of(new RebalancePlan(planId(snapshot), snapshot.pool(), snapshot.asOf(),
        moves(state), before, after, results, List.of()));
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
