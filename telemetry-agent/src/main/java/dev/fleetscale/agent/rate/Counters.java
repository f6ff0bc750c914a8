package dev.fleetscale.agent.rate;

/**
 * Turns two readings of a cumulative counter into an increase, telling a wrap from a reset.
 *
 * <p>Which counters wrap where: the kernel prints /proc/net/dev and the diskstats sector and
 * operation counts as unsigned 64-bit values, but several NIC drivers keep 32-bit hardware
 * counters that wrap at 2^32, and diskstats prints its millisecond times (fields 7, 11, 13, 14)
 * as unsigned 32-bit values; NVML's PCIe replay counter is an unsigned int.
 *
 * <p>The rule is Prometheus': a counter that goes down was <em>reset</em> (driver reload, NIC
 * reset, device re-created, host reboot) and the interval's increase is unknown, unless it is
 * unmistakably a wrap. A decrease counts as a wrap only when both hold:
 *
 * <ul>
 *   <li>the previous reading was near the counter's maximum: in the top {@code 1/}{@value
 *       #NEAR_MAX_DIVISOR} of the 32-bit range (a reading below 2^32) or of the 64-bit range; and
 *   <li>the wrapped increase, {@code current + (2^N - previous)}, is no more than the counter can
 *       grow in the interval ({@code maxIncrease}, from what the device can do).
 * </ul>
 *
 * <p>Anything else that goes down is a reset: {@link #increase} returns {@link #UNKNOWN}, never a
 * gigabyte-to-exabyte "wrap". An increase of 2^63 or more is no device's and is unknown too.
 * Readings are parsed with {@link Long#parseUnsignedLong}, so 64-bit values above 2^63 arrive as
 * negative longs and unsigned arithmetic is used throughout. Pure and thread-safe.
 */
public final class Counters {

  /** The increase of an interval in which the counter was reset (or jumped impossibly). */
  public static final long UNKNOWN = -1;

  /** No bound on what the counter can grow in an interval (a link whose speed is unknown). */
  public static final long UNBOUNDED = Long.MAX_VALUE;

  /** 2^32: the modulus of a 32-bit counter. */
  static final long WRAP_32 = 1L << 32;

  /** "Near the maximum" is the top 1/16 of the counter's range. */
  static final int NEAR_MAX_DIVISOR = 16;

  /** A 32-bit counter at or above this was near its maximum: 2^32 - 2^28. */
  static final long NEAR_MAX_32 = WRAP_32 - (WRAP_32 / NEAR_MAX_DIVISOR);

  /** A 64-bit counter at or above this (unsigned) was near its maximum: 2^64 - 2^60. */
  static final long NEAR_MAX_64 = -(1L << 60);

  private Counters() {}

  /**
   * The increase from {@code previous} to {@code current}, or {@link #UNKNOWN} if the counter was
   * reset in between.
   *
   * @param previous the earlier reading (unsigned)
   * @param current the later reading (unsigned)
   * @param maxIncrease the most the counter can grow in the interval, &gt;= 0, or {@link
   *     #UNBOUNDED}; bounds only what a wrap may be, never a forward move (that is clamped
   *     where the rate is taken, {@link RateGuard})
   * @return the increase, 0 to 2^63 - 1, or {@link #UNKNOWN}
   */
  public static long increase(long previous, long current, long maxIncrease) {
    if (Long.compareUnsigned(current, previous) >= 0) {
      long forward = current - previous;
      return forward >= 0 ? forward : UNKNOWN;
    }
    long wrapped;
    if (Long.compareUnsigned(previous, WRAP_32) < 0) {
      // A 32-bit counter (current, below previous, is below 2^32 too).
      if (previous < NEAR_MAX_32) {
        return UNKNOWN;
      }
      wrapped = current + (WRAP_32 - previous);
    } else {
      if (Long.compareUnsigned(previous, NEAR_MAX_64) < 0) {
        return UNKNOWN;
      }
      // Wrapped at 2^64: two's complement subtraction is the unsigned difference.
      wrapped = current - previous;
      if (wrapped < 0) {
        return UNKNOWN;
      }
    }
    return Long.compareUnsigned(wrapped, maxIncrease) <= 0 ? wrapped : UNKNOWN;
  }

  /**
   * The most a counter that grows by at most {@code maxPerSecond} can grow in {@code
   * elapsedNanos}, rounded up; {@link #UNBOUNDED} if the bound is unknown (not finite or not
   * positive).
   */
  public static long maxIncrease(double maxPerSecond, long elapsedNanos) {
    if (!(maxPerSecond > 0) || Double.isInfinite(maxPerSecond)) {
      return UNBOUNDED;
    }
    double most = Math.ceil(maxPerSecond * elapsedNanos / 1e9);
    return most >= (double) Long.MAX_VALUE ? UNBOUNDED : (long) most;
  }

  /**
   * Average per-second rate of an increase over an interval.
   *
   * @param increase the increase, &gt;= 0
   * @param elapsedNanos the interval, nanoseconds, &gt; 0
   */
  public static double perSecond(long increase, long elapsedNanos) {
    return increase * 1e9 / elapsedNanos;
  }
}
