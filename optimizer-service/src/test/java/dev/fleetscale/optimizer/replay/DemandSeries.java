package dev.fleetscale.optimizer.replay;

import java.util.Arrays;

/**
 * Demand of one pool in consecutive 10 s windows: GPU-equivalents busy, the time-weighted mean
 * over each window.
 *
 * @param name where it came from: the trace file, and the pool when the trace has several
 * @param startSeconds start of the first window on the trace's time axis (epoch seconds when
 *     {@code absolute}, else seconds from the trace's own zero)
 * @param absolute whether the axis is epoch seconds (epoch or RFC 3339 timestamps)
 * @param demandGpus one value per window, each >= 0
 */
public record DemandSeries(String name, long startSeconds, boolean absolute, double[] demandGpus) {

  /** The window length every policy decides on. */
  public static final int STEP_SECONDS = 10;

  public DemandSeries {
    if (demandGpus.length == 0) {
      throw new IllegalArgumentException(name + ": the trace holds no windows");
    }
    demandGpus = demandGpus.clone();
  }

  public int windows() {
    return demandGpus.length;
  }

  public double demand(int window) {
    return demandGpus[window];
  }

  public double peak() {
    return Arrays.stream(demandGpus).max().orElse(0);
  }

  public double mean() {
    return Arrays.stream(demandGpus).average().orElse(0);
  }

  /** Hours the trace spans. */
  public double hours() {
    return demandGpus.length * (double) STEP_SECONDS / 3600;
  }
}
