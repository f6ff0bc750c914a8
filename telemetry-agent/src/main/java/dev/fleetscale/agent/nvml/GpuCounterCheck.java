package dev.fleetscale.agent.nvml;

import dev.fleetscale.agent.rate.Counters;
import dev.fleetscale.agent.rate.RateGuard;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks NVML's two cumulative counters of a GPU, the energy counter and the PCIe replay counter,
 * against their previous reading with the rule of {@link Counters}.
 *
 * <ul>
 *   <li>A counter that went down was reset (the driver was reloaded, the GPU reset): counted in
 *       {@link RateGuard#resets()} and published as read, since the counter now counts from the
 *       reload, as its documentation says; a consumer that takes deltas treats the decrease as a
 *       reset, as Prometheus does. A decrease near the maximum of the 32-bit replay counter within
 *       the bound below is a wrap, not a reset.
 *   <li>An increase beyond what the device can do in the interval is withheld: the field is absent
 *       (not known) in that sample and counted in {@link RateGuard#clamped()}; the next reading is
 *       compared with the withheld one. Energy may grow by at most {@value #POWER_HEADROOM} times
 *       the enforced power limit (when it is known); replays by at most {@value
 *       #MAX_REPLAYS_PER_SECOND} a second, more TLPs than a PCIe 6.0 x16 link carries.
 * </ul>
 *
 * <p>Not thread-safe: used by the reader's one sampling thread.
 */
final class GpuCounterCheck {

  /** Average power over an interval above this many times the enforced limit is impossible. */
  static final double POWER_HEADROOM = 2.0;

  /** Replays (resent TLPs) a second no PCIe link reaches. */
  static final double MAX_REPLAYS_PER_SECOND = 5e9;

  private final RateGuard guard;
  private final Map<Integer, Reading> energy = new HashMap<>();
  private final Map<Integer, Reading> replays = new HashMap<>();

  GpuCounterCheck(RateGuard guard) {
    this.guard = guard;
  }

  /**
   * The energy reading to publish: {@code millijoules}, or null if it grew faster than the
   * board can draw.
   *
   * @param powerLimitWatts the enforced power limit; null if unknown (no bound)
   */
  Long energy(int index, Long millijoules, Double powerLimitWatts, long nowNanos) {
    double maxMillijoulesPerSecond =
        powerLimitWatts == null ? 0 : powerLimitWatts * POWER_HEADROOM * 1000;
    return check(energy, index, millijoules, maxMillijoulesPerSecond, nowNanos);
  }

  /** The replay-counter reading to publish: {@code count}, or null if it grew impossibly fast. */
  Long replays(int index, Long count, long nowNanos) {
    return check(replays, index, count, MAX_REPLAYS_PER_SECOND, nowNanos);
  }

  private Long check(
      Map<Integer, Reading> previous, int index, Long value, double maxPerSecond, long nowNanos) {
    if (value == null) {
      return null;
    }
    Reading before = previous.put(index, new Reading(value, nowNanos));
    long elapsed = before == null ? 0 : nowNanos - before.nanos;
    if (elapsed <= 0) {
      return value;
    }
    long bound = Counters.maxIncrease(maxPerSecond, elapsed);
    boolean wentDown = Long.compareUnsigned(value, before.value) < 0;
    long increase = Counters.increase(before.value, value, bound);
    if (increase == Counters.UNKNOWN) {
      if (wentDown) {
        guard.reset();
        return value;
      }
      guard.withheld(); // an increase of 2^63 or more
      return null;
    }
    if (!wentDown && Long.compareUnsigned(increase, bound) > 0) {
      guard.withheld();
      return null;
    }
    return value;
  }

  private record Reading(long value, long nanos) {}
}
