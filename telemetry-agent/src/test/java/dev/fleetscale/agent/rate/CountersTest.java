package dev.fleetscale.agent.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Positive;
import org.junit.jupiter.api.Test;

class CountersTest {

  private static final long SECOND = 1_000_000_000L;
  /** What a 32-bit counter may grow by per interval in the properties: 1/16 of its range. */
  private static final long MAX_STEP_32 = 1L << 28;
  /** What a 64-bit counter may grow by per interval in the properties. */
  private static final long MAX_STEP_64 = 1L << 40;

  @Test
  void increaseWithoutWrapIsTheDifference() {
    assertThat(Counters.increase(100, 350, Counters.UNBOUNDED)).isEqualTo(250);
  }

  @Test
  void counterNearTwoToThe32ThatGoesDownWrappedAt32Bits() {
    assertThat(Counters.increase(4_294_967_000L, 704, 10_000)).isEqualTo(1000);
  }

  @Test
  void counterNearTwoToThe64ThatGoesDownWrappedAt64Bits() {
    long previous = Long.parseUnsignedLong("18446744073709551000");
    assertThat(Counters.increase(previous, 384, 10_000)).isEqualTo(1000);
  }

  @Test
  void aDecreaseFromFarBelowTheMaximumIsAResetNotAWrap() {
    // The old rule read these as +4.29e9 and +1.8e19: a driver reload became an exabyte.
    assertThat(Counters.increase(1_000_000, 500, Counters.UNBOUNDED)).isEqualTo(Counters.UNKNOWN);
    assertThat(Counters.increase(5_000_000_000_000L, 12, Counters.UNBOUNDED))
        .isEqualTo(Counters.UNKNOWN);
  }

  @Test
  void aWrapLargerThanTheDeviceCanGrowIsAReset() {
    // Near the maximum, but the wrapped increase (1000) exceeds what 999 allows.
    assertThat(Counters.increase(4_294_967_000L, 704, 999)).isEqualTo(Counters.UNKNOWN);
  }

  @Test
  void unsignedValuesAboveTwoToThe63StillSubtract() {
    long previous = Long.parseUnsignedLong("9223372036854775900");
    long current = Long.parseUnsignedLong("9223372036854776900");
    assertThat(Counters.increase(previous, current, Counters.UNBOUNDED)).isEqualTo(1000);
  }

  @Test
  void anIncreaseOfTwoToThe63OrMoreIsUnknown() {
    assertThat(Counters.increase(0, Long.MIN_VALUE, Counters.UNBOUNDED))
        .isEqualTo(Counters.UNKNOWN);
  }

  @Test
  void perSecondScalesByTheElapsedTime() {
    assertThat(Counters.perSecond(1000, 2 * SECOND)).isCloseTo(500.0, within(1e-9));
  }

  @Test
  void maxIncreaseIsTheBoundTimesTheIntervalOrUnboundedWhenUnknown() {
    assertThat(Counters.maxIncrease(1000.0, SECOND / 2)).isEqualTo(500);
    assertThat(Counters.maxIncrease(0, SECOND)).isEqualTo(Counters.UNBOUNDED);
    assertThat(Counters.maxIncrease(Double.NaN, SECOND)).isEqualTo(Counters.UNBOUNDED);
    assertThat(Counters.maxIncrease(1e300, SECOND)).isEqualTo(Counters.UNBOUNDED);
  }

  @Test
  void theGuardClampsToTheDeviceAndCountsResetsAndClamps() {
    RateGuard guard = new RateGuard();
    assertThat(guard.perSecond(0, 3000, SECOND, 1000)).isEqualTo(1000.0);
    assertThat(guard.perSecond(5000, 10, SECOND, 1000)).isNull();
    assertThat(guard.perSecond(10, 510, SECOND, 1000)).isEqualTo(500.0);
    assertThat(guard.clamped()).isEqualTo(1);
    assertThat(guard.resets()).isEqualTo(1);
  }

  /** One interval of a simulated counter: it grows by {@code increment}, or is reset. */
  record Step(long increment, boolean reset, long afterReset) {}

  private static Arbitrary<List<Step>> steps(long maxStep) {
    Arbitrary<Long> increment = Arbitraries.longs().between(0, maxStep);
    Arbitrary<Boolean> reset = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(9, false));
    return Combinators.combine(increment, reset, increment).as(Step::new)
        .list().ofMinSize(1).ofMaxSize(300);
  }

  @Provide
  Arbitrary<List<Step>> steps32() {
    return steps(MAX_STEP_32);
  }

  @Provide
  Arbitrary<List<Step>> steps64() {
    return steps(MAX_STEP_64);
  }

  /**
   * A 32-bit counter (a NIC driver's hardware counter, a diskstats millisecond field) that wraps
   * and is reset at random: every interval without a reset gives its true increase, wraps
   * included; an interval with a reset gives no increase or one the device could have made, never
   * a near-2^32 one.
   */
  @Property(tries = 400)
  void a32BitCounterWithWrapsAndResets(
      @ForAll("steps32") List<Step> steps, @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long start) {
    long value = start;
    for (Step step : steps) {
      long next = step.reset() ? step.afterReset() : (value + step.increment()) & 0xFFFF_FFFFL;
      long increase = Counters.increase(value, next, MAX_STEP_32);
      if (step.reset()) {
        assertThat(increase).isBetween(Counters.UNKNOWN, MAX_STEP_32);
      } else {
        assertThat(increase).isEqualTo(step.increment());
      }
      value = next;
    }
  }

  /** The same for a 64-bit counter starting anywhere in its range, wrapping at 2^64. */
  @Property(tries = 400)
  void a64BitCounterWithWrapsAndResets(@ForAll("steps64") List<Step> steps, @ForAll long start) {
    long value = start;
    for (Step step : steps) {
      long next = step.reset() ? step.afterReset() : value + step.increment();
      long increase = Counters.increase(value, next, MAX_STEP_64);
      if (step.reset()) {
        assertThat(increase).isBetween(Counters.UNKNOWN, MAX_STEP_64);
      } else {
        assertThat(increase).isEqualTo(step.increment());
      }
      value = next;
    }
  }

  /**
   * Whatever two readings are, the guard's rate is absent or within what the device can do: no
   * reading pair becomes a gigabit-to-exabyte rate.
   */
  @Property(tries = 2000)
  void theGuardsRateIsNeverBeyondTheDevice(
      @ForAll long previous,
      @ForAll long current,
      @ForAll @LongRange(min = 1, max = 3_600_000_000_000L) long elapsedNanos,
      @ForAll @Positive double maxPerSecond) {
    Double rate = new RateGuard().perSecond(previous, current, elapsedNanos, maxPerSecond);
    if (rate != null) {
      assertThat(rate).isBetween(0.0, maxPerSecond);
    }
  }
}
