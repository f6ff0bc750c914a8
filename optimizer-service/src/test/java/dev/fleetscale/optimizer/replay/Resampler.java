package dev.fleetscale.optimizer.replay;

import java.util.List;

/**
 * Turns instantaneous demand samples at any (irregular) times into 10 s windows: each sample holds
 * until the next one (the last until the end of its window), and a window's demand is the
 * time-weighted mean of what held during it. Windows start at multiples of 10 s on the trace's
 * time axis. A series already at 10 s window starts comes out unchanged.
 */
public final class Resampler {

  /** One demand sample. */
  public record Sample(double seconds, double demandGpus) {}

  private Resampler() {}

  /**
   * @param samples in non-decreasing time order, at least one (the reader checks both)
   * @return one value per 10 s window from the window of the first sample to the window of the
   *     last
   */
  public static double[] resample(List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to resample");
    }
    int step = DemandSeries.STEP_SECONDS;
    double start = windowStart(samples.get(0).seconds());
    double lastStart = windowStart(samples.get(samples.size() - 1).seconds());
    int windows = (int) Math.round((lastStart - start) / step) + 1;
    double[] integral = new double[windows];
    double[] covered = new double[windows];
    double end = start + (double) windows * step;
    for (int i = 0; i < samples.size(); i++) {
      double from = samples.get(i).seconds();
      double to = i + 1 < samples.size() ? samples.get(i + 1).seconds() : end;
      double value = samples.get(i).demandGpus();
      while (from < to) {
        int w = Math.min(windows - 1, (int) Math.floor((from - start) / step));
        double windowEnd = start + (double) (w + 1) * step;
        double until = Math.min(to, windowEnd);
        integral[w] += value * (until - from);
        covered[w] += until - from;
        from = until;
      }
    }
    double[] out = new double[windows];
    for (int w = 0; w < windows; w++) {
      // Every window is covered: the first from its first sample on, the others by a held value.
      out[w] = covered[w] > 0 ? integral[w] / covered[w] : 0;
    }
    return out;
  }

  /** The start of the 10 s window that holds {@code seconds}. */
  public static double windowStart(double seconds) {
    return Math.floor(seconds / DemandSeries.STEP_SECONDS) * DemandSeries.STEP_SECONDS;
  }
}
