package dev.fleetscale.optimizer.rebalance;

import java.util.Locale;

/** How much disruption a workload tolerates; label {@value PlacementLabels#QOS}. */
public enum Qos {
  /** Pinned capacity: moved only within the plan's guaranteed-move budget, never onto a shared GPU. */
  GUARANTEED,
  /** Serving traffic: moved only when a hard goal or a clear gain asks for it. */
  LATENCY_SENSITIVE,
  /** Batch or best-effort: moved freely. The default. */
  BEST_EFFORT;

  /** The label's spelling: lower case with hyphens, e.g. {@code latency-sensitive}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Qos fromLabel(String value) {
    for (Qos q : values()) {
      if (q.label().equals(value)) {
        return q;
      }
    }
    throw new IllegalArgumentException("label " + PlacementLabels.QOS + ": must be guaranteed, "
        + "latency-sensitive or best-effort, was '" + value + "'");
  }
}
