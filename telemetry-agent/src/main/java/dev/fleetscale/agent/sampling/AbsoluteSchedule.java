package dev.fleetscale.agent.sampling;

/**
 * Ticks at {@code start + n * interval} on the monotonic clock. A timer that fires late delays one
 * sample, not every later one: the next tick is computed from the start, never from the previous
 * tick, so an hour of 1 s samples ends 3600 ticks after it started, give or take one tick's
 * jitter. A tick that was missed altogether (the machine stalled, or a sample took longer than the
 * interval) is skipped, not taken late in a burst. Immutable and thread-safe.
 *
 * @param startNanos the monotonic time of tick 0 ({@link System#nanoTime()})
 * @param intervalNanos time between ticks, nanoseconds, &gt; 0
 */
public record AbsoluteSchedule(long startNanos, long intervalNanos) {

  public AbsoluteSchedule {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("interval must be > 0, was " + intervalNanos);
    }
  }

  /** The index of the first tick strictly after {@code nowNanos}. */
  public long nextTick(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    return elapsed < 0 ? 0 : elapsed / intervalNanos + 1;
  }

  /** The monotonic time of tick {@code n}. */
  public long tickNanos(long n) {
    return startNanos + n * intervalNanos;
  }

  /** Milliseconds to wait from {@code nowNanos} until the next tick, rounded up, at least 1. */
  public long millisUntilNextTick(long nowNanos) {
    long waitNanos = tickNanos(nextTick(nowNanos)) - nowNanos;
    return Math.max(1, (waitNanos + 999_999) / 1_000_000);
  }
}
