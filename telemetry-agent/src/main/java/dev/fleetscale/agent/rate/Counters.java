package dev.fleetscale.agent.rate;

/**
 * Turns two readings of a kernel counter into an increase and a rate.
 *
 * <p>Which counters wrap where: the kernel prints /proc/net/dev and the diskstats sector and
 * operation counts as unsigned 64-bit values, but several NIC drivers keep 32-bit hardware
 * counters that wrap at 2^32, and diskstats prints its millisecond times (fields 7, 11, 13, 14)
 * as unsigned 32-bit values, which wrap after about 49.7 days of busy time. The agent therefore
 * assumes: a counter that goes down and was below 2^32 wrapped at 2^32; one that goes down from
 * above 2^32 wrapped at 2^64. A counter reset (driver reload) is indistinguishable from a wrap
 * from a single pair of readings, so it yields one wrong interval at most, never a negative rate.
 * Readings are parsed with {@link Long#parseUnsignedLong}, so 64-bit values above 2^63 arrive as
 * negative longs and unsigned arithmetic is used throughout.
 */
public final class Counters {

  /** 2^32: the modulus of a 32-bit counter. */
  static final long WRAP_32 = 1L << 32;

  private Counters() {}

  /**
   * The increase from {@code previous} to {@code current}, never negative.
   *
   * @param previous the earlier reading (unsigned)
   * @param current the later reading (unsigned)
   */
  public static long increase(long previous, long current) {
    if (Long.compareUnsigned(current, previous) >= 0) {
      return current - previous;
    }
    if (Long.compareUnsigned(previous, WRAP_32) < 0) {
      return current + (WRAP_32 - previous);
    }
    // Wrapped at 2^64: two's complement subtraction is the unsigned difference.
    return current - previous;
  }

  /**
   * Average per-second rate of an increase over an interval.
   *
   * @param increase the increase, unsigned
   * @param elapsedNanos the interval, nanoseconds, &gt; 0
   */
  public static double perSecond(long increase, long elapsedNanos) {
    double unsignedIncrease =
        increase >= 0 ? increase : (double) (increase >>> 1) * 2.0 + (increase & 1);
    return unsignedIncrease * 1e9 / elapsedNanos;
  }
}
