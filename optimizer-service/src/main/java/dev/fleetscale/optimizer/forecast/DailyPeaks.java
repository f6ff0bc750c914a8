package dev.fleetscale.optimizer.forecast;

import dev.fleetscale.optimizer.rollup.SampleRejections;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The highest demand seen on each UTC day. Capacity is bought for peaks, so the forecast fits the
 * daily peak series, not the mean. Days with no observation are filled by linear interpolation
 * between their neighbours (Holt-Winters needs equally spaced points). Not thread-safe.
 *
 * <p>A physically impossible observation (not finite, negative, or above the ceiling its caller
 * knows, e.g. a NIC demand above the pool's link speeds) never becomes a peak and is never
 * forecast: it is left out and counted in {@link SampleRejections}.
 */
public final class DailyPeaks {

  private final NavigableMap<LocalDate, Double> peaks = new TreeMap<>();
  private final SampleRejections rejections;

  /** Peaks whose rejections are counted nowhere else (tests). */
  public DailyPeaks() {
    this(new SampleRejections());
  }

  public DailyPeaks(SampleRejections rejections) {
    this.rejections = rejections;
  }

  /** Records one observation (any resolution), unless it is not finite or negative. */
  public void observe(Instant at, double value) {
    observe(at, value, Double.POSITIVE_INFINITY);
  }

  /**
   * Records one observation unless it is impossible: not finite, negative or above {@code
   * ceiling}.
   *
   * @param ceiling the most the value can physically be; infinite if unknown
   * @return whether the observation was recorded
   */
  public boolean observe(Instant at, double value, double ceiling) {
    SampleRejections.Reason why = null;
    if (!Double.isFinite(value)) {
      why = SampleRejections.Reason.NOT_FINITE;
    } else if (value < 0) {
      why = SampleRejections.Reason.NEGATIVE;
    } else if (value > ceiling) {
      why = SampleRejections.Reason.DEMAND_ABOVE_CAPACITY;
    }
    if (why != null) {
      rejections.reject(why);
      return false;
    }
    peaks.merge(at.atZone(ZoneOffset.UTC).toLocalDate(), value, Math::max);
    return true;
  }

  /** Forgets days before {@code first}. */
  public void forgetBefore(LocalDate first) {
    peaks.headMap(first, false).clear();
  }

  public boolean isEmpty() {
    return peaks.isEmpty();
  }

  public LocalDate firstDay() {
    return peaks.firstKey();
  }

  public LocalDate lastDay() {
    return peaks.lastKey();
  }

  /** Peaks of the complete days up to and including {@code lastComplete}, gaps interpolated. */
  public double[] series(LocalDate lastComplete) {
    NavigableMap<LocalDate, Double> days = peaks.headMap(lastComplete, true);
    if (days.isEmpty()) {
      return new double[0];
    }
    LocalDate first = days.firstKey();
    int n = (int) (lastComplete.toEpochDay() - first.toEpochDay()) + 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      LocalDate day = first.plusDays(i);
      Double v = days.get(day);
      if (v != null) {
        out[i] = v;
        continue;
      }
      Map.Entry<LocalDate, Double> before = days.floorEntry(day);
      Map.Entry<LocalDate, Double> after = days.ceilingEntry(day);
      if (after == null) {
        out[i] = before.getValue();
      } else {
        double span = after.getKey().toEpochDay() - before.getKey().toEpochDay();
        double f = (day.toEpochDay() - before.getKey().toEpochDay()) / span;
        out[i] = before.getValue() + f * (after.getValue() - before.getValue());
      }
    }
    return out;
  }
}
