package dev.fleetscale.agent.rate;

import java.util.concurrent.atomic.LongAdder;

/**
 * Rates from counter readings under the reset rule of {@link Counters}, clamped to what the
 * device can do, with a count of both events for the agent's /metrics.
 *
 * <ul>
 *   <li>A counter that was reset between two readings gives no rate for that interval (null: not
 *       known), counted in {@link #resets()}. The next interval is measured from the new value.
 *   <li>A rate above the device's capability ({@code maxPerSecond}: a NIC's link speed, a disk's
 *       configured bandwidth) is clamped to it and counted in {@link #clamped()}.
 * </ul>
 *
 * <p>One guard may be shared by the samplers of a host: the counts are thread-safe; the methods
 * keep no other state.
 */
public final class RateGuard {

  private final LongAdder resets = new LongAdder();
  private final LongAdder clamped = new LongAdder();

  /**
   * The per-second rate from {@code previous} to {@code current} over {@code elapsedNanos}, at
   * most {@code maxPerSecond}; null if the counter was reset.
   *
   * @param maxPerSecond what the device can do; not positive or not finite: unknown, no clamp
   */
  public Double perSecond(long previous, long current, long elapsedNanos, double maxPerSecond) {
    long increase =
        Counters.increase(previous, current, Counters.maxIncrease(maxPerSecond, elapsedNanos));
    if (increase == Counters.UNKNOWN) {
      resets.increment();
      return null;
    }
    return clamp(Counters.perSecond(increase, elapsedNanos), maxPerSecond);
  }

  /**
   * The increase from {@code previous} to {@code current}, or {@link Counters#UNKNOWN} (counted
   * as a reset), for counters whose increase is used as it is (time counters).
   */
  public long increase(long previous, long current, long maxIncrease) {
    long increase = Counters.increase(previous, current, maxIncrease);
    if (increase == Counters.UNKNOWN) {
      resets.increment();
    }
    return increase;
  }

  /** {@code value} if it is at most {@code max} (or {@code max} is unknown), else {@code max}. */
  public double clamp(double value, double max) {
    if (max > 0 && !Double.isInfinite(max) && value > max) {
      clamped.increment();
      return max;
    }
    return value;
  }

  /** Records a reading withheld because it is beyond what the device can do. */
  public void withheld() {
    clamped.increment();
  }

  /** Records a reset noticed outside {@link #perSecond} and {@link #increase}. */
  public void reset() {
    resets.increment();
  }

  /** Counter readings that went down (a reset): their interval has no rate. */
  public long resets() {
    return resets.sum();
  }

  /** Rates clamped to the device's capability, and readings withheld as beyond it. */
  public long clamped() {
    return clamped.sum();
  }
}
