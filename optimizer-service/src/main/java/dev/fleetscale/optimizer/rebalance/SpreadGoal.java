package dev.fleetscale.optimizer.rebalance;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Soft: keep one per-host load within {@code ±band} of the pool's mean. Violation is the sum over
 * healthy hosts of how far each is outside the band, in the load's unit (percentage points). The
 * mean is taken once from the snapshot (it does not change with moves: load only moves).
 */
public abstract class SpreadGoal implements Goal {

  /** How many destinations a workload tries before the goal gives up on it. */
  private static final int CANDIDATES_PER_WORKLOAD = 64;

  private final double band;
  private final double weight;

  protected SpreadGoal(double band, double weight) {
    if (band < 0 || weight < 0) {
      throw new IllegalArgumentException("band and weight must be >= 0");
    }
    this.band = band;
    this.weight = weight;
  }

  /** The load of a host now. */
  abstract double load(PlanningState state, int host);

  /** How much the workload adds to a host's load. */
  abstract double contribution(PlanningState state, int workload, int host);

  /** The pool mean the band is centred on. */
  abstract double mean(PlanningState state);

  /** Unit for the reasons, e.g. "% GPU util". */
  abstract String unit();

  @Override
  public boolean hard() {
    return false;
  }

  @Override
  public double weight() {
    return weight;
  }

  private double outside(PlanningState state, int host, double load) {
    if (!state.hosts[host].healthy()) {
      return 0;
    }
    return Math.max(0, Math.abs(load - state.cachedMean(this)) - band);
  }

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      sum += outside(state, h, load(state, h));
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    int from = state.hostOf[workload];
    double sourceLoad = load(state, from);
    double destinationLoad = load(state, destination);
    return outside(state, from, sourceLoad - contribution(state, workload, from))
        - outside(state, from, sourceLoad)
        + outside(state, destination, destinationLoad + contribution(state, workload, destination))
        - outside(state, destination, destinationLoad);
  }

  @Override
  public void optimize(PlanningState state, MoveGate gate) {
    double mean = state.cachedMean(this);
    Set<Integer> stuck = new HashSet<>();
    boolean progress = true;
    while (progress && gate.budgetLeft()) {
      progress = false;
      Integer[] ascending = state.hostsSortedBy(h -> load(state, h));
      for (int i = ascending.length - 1; i >= 0 && !progress; i--) {
        int source = ascending[i];
        double sourceLoad = load(state, source);
        boolean above = sourceLoad > mean + band;
        boolean someoneBelow = load(state, ascending[0]) < mean - band;
        if (sourceLoad <= mean || (!above && !someoneBelow)) {
          break; // sorted: no host further down is above the band either
        }
        if (stuck.contains(source)) {
          continue;
        }
        progress = moveOneFrom(state, gate, source, ascending, mean);
        if (!progress) {
          stuck.add(source);
        }
      }
    }
  }

  private boolean moveOneFrom(PlanningState state, MoveGate gate, int source,
      Integer[] ascending, double mean) {
    List<Integer> here = new java.util.ArrayList<>(state.workloadsOn.get(source));
    here.sort((a, b) -> Double.compare(contribution(state, b, source),
        contribution(state, a, source)));
    for (int w : here) {
      int tried = 0;
      for (int destination : ascending) {
        if (destination == source || !state.hosts[destination].healthy()) {
          continue;
        }
        if (load(state, destination) >= load(state, source) || tried++ >= CANDIDATES_PER_WORKLOAD) {
          break;
        }
        int to = destination;
        if (gate.tryMove(w, destination, () -> String.format(Locale.ROOT,
            "%s at %.1f%s, %s at %.1f%s; band %.1f±%.1f", state.hosts[source].id(),
            load(state, source), unit(), state.hosts[to].id(), load(state, to), unit(), mean,
            band))) {
          return true;
        }
      }
    }
    return false;
  }
}
