package dev.fleetscale.optimizer.forecast;

import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import dev.fleetscale.contracts.capacity.Evidence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Fits the daily peaks of one pool's demand for one resource with {@link HoltWinters} (weekly
 * season) and raises a {@link CapacityDemand} when the forecast peak within the procurement lead
 * time exceeds {@code capacity × targetUtilization}. Stateless and thread-safe; {@link
 * DemandLedger} decides whether a demand is new.
 */
public final class CapacityForecaster {

  /** Daily points per season: weekly seasonality. */
  public static final int WEEK = 7;
  private static final double Z_95 = 1.96;

  private final int leadDays;
  private final double targetUtilization;

  /**
   * @param leadDays procurement lead time: how far ahead the forecast looks, days, >= 1
   * @param targetUtilization fraction of capacity a pool may run at, (0, 1]
   */
  public CapacityForecaster(int leadDays, double targetUtilization) {
    if (leadDays < 1) {
      throw new IllegalArgumentException("leadDays must be >= 1, was " + leadDays);
    }
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException("targetUtilization must be in (0, 1], was "
          + targetUtilization);
    }
    this.leadDays = leadDays;
    this.targetUtilization = targetUtilization;
  }

  /**
   * Assesses one pool and resource.
   *
   * @param peaks daily peak demand, in the resource's unit
   * @param lastCompleteDay the last day whose peak is final (yesterday, usually)
   * @param capacity installed capacity, same unit
   * @param raisedAt when the assessment runs (the data's time, for replayable ids)
   * @return a demand if the forecast crosses the limit within the lead time; empty if it does not
   *     or if there are fewer than two weeks of history
   */
  public Optional<CapacityDemand> assess(String pool, CapacityResource resource,
      DailyPeaks peaks, LocalDate lastCompleteDay, double capacity, Instant raisedAt) {
    if (peaks.isEmpty()) {
      return Optional.empty();
    }
    double[] series = peaks.series(lastCompleteDay);
    if (series.length < 2 * WEEK) {
      return Optional.empty();
    }
    HoltWinters model = HoltWinters.fit(series, WEEK);
    double limit = capacity * targetUtilization;
    int peakStep = 1;
    double peak = Double.NEGATIVE_INFINITY;
    int firstCrossing = -1;
    for (int h = 1; h <= leadDays; h++) {
      double f = model.forecast(h);
      if (f > peak) {
        peak = f;
        peakStep = h;
      }
      if (firstCrossing < 0 && f > limit) {
        firstCrossing = h;
      }
    }
    if (firstCrossing < 0) {
      return Optional.empty();
    }
    double halfWidth = model.intervalHalfWidth(peakStep, Z_95);
    LocalDate firstDay = lastCompleteDay.minusDays(series.length - 1L);
    Evidence evidence = new Evidence(
        firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
        lastCompleteDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        model.describe(), "MAPE", model.mape(), series.length);
    double shortfall = peak / targetUtilization - capacity;
    LocalDate neededBy = lastCompleteDay.plusDays(firstCrossing);
    // Deterministic: the same history gives the same id after a replay; a different shortfall a
    // different one (rounded, so float noise does not mint new ids).
    String id = EventIds.nameBased("capacity-demand", pool, resource, lastCompleteDay, neededBy,
        Math.round(shortfall)).toString();
    return Optional.of(new CapacityDemand(id, pool, resource, peak, Math.max(0, peak - halfWidth),
        peak + halfWidth, capacity, targetUtilization, shortfall, neededBy, raisedAt, evidence,
        null));
  }
}
