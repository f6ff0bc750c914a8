package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where goals propose moves. A move is made only if it stays within the move budgets, every hard
 * goal and every goal optimized before the proposing one accept it (the veto), and it lowers the
 * plan's total score: so the score can only fall, whatever the goals do. The budgets bind every
 * move, a hard goal's too: what a hard goal could not move within them is left for the next plan
 * (counted, not reported as infeasible). A goal answering {@link Goal.Acceptance#REJECT_DESTINATION}
 * closes that destination until a workload leaves it: later proposals for it cost one array read.
 */
public final class MoveGate {

  static final double EPSILON = 1e-9;

  private final PlanningState state;
  private final List<Goal> allGoals;
  private final List<Goal> vetoing = new ArrayList<>();
  private final int maxMovesPerPlan;
  private final int maxMovesPerHost;
  private final boolean[] closed;
  private Goal proposer;
  private long vetoes;
  private long budgetRefusals;
  private long deferred;

  MoveGate(PlanningState state, List<Goal> allGoals, int maxMovesPerPlan, int maxMovesPerHost) {
    this.state = state;
    this.allGoals = allGoals;
    this.maxMovesPerPlan = maxMovesPerPlan;
    this.maxMovesPerHost = maxMovesPerHost;
    this.closed = new boolean[state.hostCount()];
    for (Goal g : allGoals) {
      if (g.hard()) {
        vetoing.add(g);
      }
    }
  }

  /** The goal about to optimize; the goals before it become vetoing once it is done. */
  void startGoal(Goal goal) {
    proposer = goal;
  }

  void finishGoal(Goal goal) {
    if (!goal.hard()) {
      vetoing.add(goal);
    }
  }

  long vetoes() {
    return vetoes;
  }

  /** Proposals refused because a move budget was spent; a hard goal's are deferred, not lost. */
  long budgetRefusals() {
    return budgetRefusals;
  }

  /** A hard goal's offender left for the next plan: a budget, not capacity, stopped it. */
  void defer() {
    deferred++;
  }

  long deferred() {
    return deferred;
  }

  /** Whether the destination was closed by a goal's {@code REJECT_DESTINATION} (and still is). */
  boolean closed(int destination) {
    return closed[destination];
  }

  /** Whether goals can still move anything at all. */
  public boolean budgetLeft() {
    return state.moveCount() < maxMovesPerPlan;
  }

  /**
   * Tries to move a workload; returns whether it moved.
   *
   * @param reason why, for the plan's reader (the goal's name is prefixed); asked for only when
   *     the move is made: most candidates are refused, and formatting a reason for each of them
   *     was most of an empty plan's time and garbage
   */
  public boolean tryMove(int workload, int destination, Supplier<String> reason) {
    int from = state.hostOf[workload];
    if (from == destination || !withinBudgets(workload, destination)
        || proposer.delta(state, workload, destination) >= -EPSILON
        || !accepted(workload, destination)
        || totalDelta(workload, destination) >= -EPSILON) {
      return false;
    }
    state.apply(workload, destination, proposer.name() + ": " + reason.get());
    closed[from] = false; // room was made there
    return true;
  }

  /** Not closed, and within the plan's and the hosts' move budgets. */
  private boolean withinBudgets(int workload, int destination) {
    if (closed[destination]) {
      vetoes++;
      return false;
    }
    boolean newMove = !state.isMoved(workload);
    if (newMove && state.moveCount() >= maxMovesPerPlan) {
      budgetRefusals++;
      return false;
    }
    int home = state.original[workload];
    boolean homeTouched = newMove && state.touches[home] >= maxMovesPerHost;
    boolean destinationTouched = destination != home && state.touches[destination]
        >= maxMovesPerHost;
    if (homeTouched || destinationTouched) {
      budgetRefusals++;
      return false;
    }
    return true;
  }

  /** Accepted by every hard goal and every goal optimized before the proposer. */
  private boolean accepted(int workload, int destination) {
    for (Goal g : vetoing) {
      if (g == proposer) {
        continue;
      }
      Goal.Acceptance answer = g.acceptance(state, workload, destination);
      if (answer != Goal.Acceptance.ACCEPT) {
        vetoes++;
        if (answer == Goal.Acceptance.REJECT_DESTINATION) {
          closed[destination] = true;
        }
        return false;
      }
    }
    return true;
  }

  private double totalDelta(int workload, int destination) {
    double total = 0;
    for (Goal g : allGoals) {
      total += g.weight() * g.delta(state, workload, destination);
    }
    return total;
  }

  /**
   * Moves a group of workloads (everything on a host being emptied) together or not at all. Each
   * workload in turn goes to the first of {@code candidates} (at most {@code maxTries} of them
   * tried) that is within the budgets, accepted by the vetoing goals and does not make the
   * proposer worse; the group as a whole must lower the total score (emptying a host pays only
   * when its last workload leaves). Only workloads not moved yet in this plan take part, so
   * undoing a group that fails is exact.
   *
   * @return whether the group moved
   */
  public boolean tryGroup(int[] workloads, int[] candidates, int maxTries,
      Supplier<String> reason) {
    double total = 0;
    int applied = 0;
    boolean ok = true;
    for (int w : workloads) {
      if (state.isMoved(w)) {
        ok = false;
        break;
      }
      int tried = 0;
      int chosen = -1;
      for (int d : candidates) {
        if (d == state.hostOf[w] || closed[d] || proposer.delta(state, w, d) > EPSILON) {
          continue; // a closed (full) host costs one read and no try
        }
        if (tried++ >= maxTries) {
          break;
        }
        if (withinBudgets(w, d) && accepted(w, d)) {
          chosen = d;
          break;
        }
      }
      if (chosen < 0) {
        ok = false;
        break;
      }
      total += totalDelta(w, chosen);
      state.apply(w, chosen, "");
      applied++;
    }
    if (ok && total < -EPSILON) {
      String text = proposer.name() + ": " + reason.get();
      for (int w : workloads) {
        state.moved.get(w).set(0, text);
      }
      return true;
    }
    for (int i = applied - 1; i >= 0; i--) {
      state.apply(workloads[i], state.original[workloads[i]], "");
    }
    return false;
  }
}
