package dev.fleetscale.optimizer.replay;

import java.util.Arrays;

/**
 * Decision quality of one replay.
 *
 * @param gpuHours GPUs paid for (starting, online and draining hosts) × hours
 * @param sloMissShare share of windows whose demand exceeds {@value #SLO_LOAD} of the GPUs
 *     serving (online and draining), 0-1
 * @param meanSlackGpus mean over windows of GPUs serving minus demand (negative: short)
 * @param scalingEvents times the requested host count changed
 * @param p95Utilization 95th percentile (nearest rank) over windows of demand / GPUs serving,
 *     capped at 1
 * @param startsCancelled hosts requested and cancelled before they served (a scale-up pulled
 *     back)
 */
public record Metrics(double gpuHours, double sloMissShare, double meanSlackGpus,
    int scalingEvents, double p95Utilization, int startsCancelled) {

  /** A window misses the SLO when demand exceeds this share of the GPUs serving. */
  public static final double SLO_LOAD = 0.9;

  public static Metrics of(PoolReplay.Run run) {
    DemandSeries s = run.series();
    int n = s.windows();
    double paidHostWindows = 0;
    int misses = 0;
    double slack = 0;
    double[] util = new double[n];
    for (int w = 0; w < n; w++) {
      double capacity = run.servingHosts()[w] * run.gpusPerHost();
      double demand = s.demand(w);
      paidHostWindows += run.paidHosts()[w];
      if (demand > SLO_LOAD * capacity) {
        misses++;
      }
      slack += capacity - demand;
      util[w] = capacity > 0 ? Math.min(1, demand / capacity) : (demand > 0 ? 1 : 0);
    }
    double gpuHours = paidHostWindows * run.gpusPerHost() * DemandSeries.STEP_SECONDS / 3600.0;
    return new Metrics(gpuHours, (double) misses / n, slack / n, run.scalingEvents(),
        percentile(util, 0.95), run.startsCancelled());
  }

  /** Nearest-rank percentile: the smallest value with at least {@code p} of the values at or below. */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
