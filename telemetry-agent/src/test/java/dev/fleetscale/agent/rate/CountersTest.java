package dev.fleetscale.agent.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void increaseWithoutWrapIsTheDifference() {
    assertThat(Counters.increase(100, 350)).isEqualTo(250);
  }

  @Test
  void counterBelowTwoToThe32ThatGoesDownWrappedAt32Bits() {
    assertThat(Counters.increase(4_294_967_000L, 704)).isEqualTo(1000);
  }

  @Test
  void counterAboveTwoToThe32ThatGoesDownWrappedAt64Bits() {
    long previous = Long.parseUnsignedLong("18446744073709551000");
    assertThat(Counters.increase(previous, 384)).isEqualTo(1000);
  }

  @Test
  void unsignedValuesAboveTwoToThe63StillSubtract() {
    long previous = Long.parseUnsignedLong("9223372036854775900");
    long current = Long.parseUnsignedLong("9223372036854776900");
    assertThat(Counters.increase(previous, current)).isEqualTo(1000);
  }

  @Test
  void perSecondScalesByTheElapsedTime() {
    assertThat(Counters.perSecond(1000, 2_000_000_000L)).isCloseTo(500.0, within(1e-9));
  }

  @Test
  void perSecondReadsANegativeLongAsUnsigned() {
    double twoToThe63 = Math.pow(2, 63);
    assertThat(Counters.perSecond(Long.MIN_VALUE, 1_000_000_000L))
        .isCloseTo(twoToThe63, within(1.0));
  }
}
