package dev.fleetscale.optimizer.rollup;

import java.util.Arrays;

/**
 * Mean, max and 95th percentile of one metric over one window. For a 10 s window the values are
 * the raw samples; for the longer windows they are the 10 s means (and the max the 10 s maxima),
 * so a 1 h p95 is "the p95 of the 10 s means": that bounds memory to 360 values per series and
 * hour. Percentile by nearest rank. Not thread-safe.
 */
public final class Stat {

  private double[] values = new double[16];
  private int count;
  private double sum;
  private double max = Double.NEGATIVE_INFINITY;

  /** Adds a raw value. */
  public void add(double value) {
    add(value, value);
  }

  /** Adds a sub-window: its mean counts towards mean and p95, its max towards max. */
  public void add(double mean, double windowMax) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = mean;
    sum += mean;
    max = Math.max(max, windowMax);
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public int count() {
    return count;
  }

  public Summary summary() {
    if (count == 0) {
      throw new IllegalStateException("no values");
    }
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.95 * count);
    return new Summary(sum / count, max, sorted[Math.max(0, rank - 1)]);
  }

  /**
   * The three aggregates, in the metric's unit.
   *
   * @param mean arithmetic mean
   * @param max maximum
   * @param p95 95th percentile (nearest rank)
   */
  public record Summary(double mean, double max, double p95) {}
}
