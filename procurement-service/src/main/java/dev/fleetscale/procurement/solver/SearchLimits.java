package dev.fleetscale.procurement.solver;

import java.time.Duration;

/**
 * When the MIP search (SCIP) may stop.
 *
 * @param relativeGap stop when no open node can be cheaper than the incumbent by more than this
 *     fraction of its cost (0 for exact; 1e-4, the usual MIP default, is a cent in $100)
 * @param timeLimit wall time for one solve; past it the best mix found is returned, marked not
 *     proven (the search goes on until it has found one mix, or the node budget is spent)
 * @param maxNodes branch-and-bound node budget for one solve, same effect
 */
public record SearchLimits(double relativeGap, Duration timeLimit, int maxNodes) {

  /** What the service uses: 0.01 % gap, 2 s, 200,000 nodes per program. */
  public static final SearchLimits DEFAULT = new SearchLimits(1e-4, Duration.ofSeconds(2),
      200_000);

  /** Exact search with generous limits, for tests against brute force. */
  public static final SearchLimits EXACT = new SearchLimits(0, Duration.ofSeconds(60), 1_000_000);

  public SearchLimits {
    if (!(relativeGap >= 0) || timeLimit.isNegative() || maxNodes <= 0) {
      throw new IllegalArgumentException("invalid search limits");
    }
  }
}
