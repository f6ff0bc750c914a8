package dev.fleetscale.optimizer.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Soft: each host keeps {@code headroom} of its GPU power limit free, and a host whose hottest
 * GPU is at or above {@code hotCelsius} keeps a further 20 % free (it is already thermally
 * stressed; power is the load we can move to cool it). Violation: watts above the cap, summed.
 */
public final class PowerHeadroomGoal implements Goal {

  private static final double HOT_FACTOR = 0.8;

  private final double headroom;
  private final int hotCelsius;
  private final double weight;

  /**
   * @param headroom fraction of the power limit to keep free, 0-1
   * @param hotCelsius temperature from which a host counts as hot
   * @param weight score points per watt over the cap
   */
  public PowerHeadroomGoal(double headroom, int hotCelsius, double weight) {
    if (headroom < 0 || headroom >= 1) {
      throw new IllegalArgumentException("headroom must be in [0, 1), was " + headroom);
    }
    this.headroom = headroom;
    this.hotCelsius = hotCelsius;
    this.weight = weight;
  }

  double cap(PlanningState state, int host) {
    Host h = state.hosts[host];
    boolean hot = h.temperatureC() != null && h.temperatureC() >= hotCelsius;
    return h.powerLimitWatts() * (1 - headroom) * (hot ? HOT_FACTOR : 1);
  }

  private double over(PlanningState state, int host, double watts) {
    return state.hosts[host].healthy() ? Math.max(0, watts - cap(state, host)) : 0;
  }

  @Override
  public boolean hard() {
    return false;
  }

  @Override
  public double weight() {
    return weight;
  }

  @Override
  public double violation(PlanningState state) {
    double sum = 0;
    for (int h = 0; h < state.hostCount(); h++) {
      sum += over(state, h, state.powerWatts[h]);
    }
    return sum;
  }

  @Override
  public double delta(PlanningState state, int workload, int destination) {
    int from = state.hostOf[workload];
    double p = state.workloads[workload].powerWatts();
    return over(state, from, state.powerWatts[from] - p) - over(state, from, state.powerWatts[from])
        + over(state, destination, state.powerWatts[destination] + p)
        - over(state, destination, state.powerWatts[destination]);
  }

  @Override
  public void optimize(PlanningState state, MoveGate gate) {
    Integer[] byHeadroom = state.hostsSortedBy(h -> state.powerWatts[h] - cap(state, h));
    for (int i = byHeadroom.length - 1; i >= 0 && gate.budgetLeft(); i--) {
      int source = byHeadroom[i];
      if (over(state, source, state.powerWatts[source]) <= 0) {
        break;
      }
      List<Integer> here = new ArrayList<>(state.workloadsOn.get(source));
      here.sort((a, b) -> Double.compare(state.workloads[b].powerWatts(),
          state.workloads[a].powerWatts()));
      for (int w : here) {
        if (over(state, source, state.powerWatts[source]) <= 0) {
          break;
        }
        for (int destination : byHeadroom) {
          if (gate.tryMove(w, destination, () -> String.format(Locale.ROOT,
              "%s draws %.0f W over its %.0f W cap", state.hosts[source].id(),
              state.powerWatts[source] - cap(state, source), cap(state, source)))) {
            break;
          }
        }
      }
    }
  }
}
