package dev.fleetscale.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbsoluteScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aLateTimerDoesNotShiftLaterTicks() {
    AbsoluteSchedule schedule = new AbsoluteSchedule(5 * SECOND, SECOND);
    // tick 1 fired 300 ms late: the next wait is 700 ms, back on the grid
    assertThat(schedule.millisUntilNextTick(6 * SECOND + 300_000_000L)).isEqualTo(700);
    assertThat(schedule.nextTick(6 * SECOND + 300_000_000L)).isEqualTo(2);
  }

  @Test
  void anHourOfTicksEndsAnHourAfterTheStartWhateverTheJitter() {
    AbsoluteSchedule schedule = new AbsoluteSchedule(0, SECOND);
    long now = 0;
    long ticks = 0;
    while (ticks < 3600) {
      now += schedule.millisUntilNextTick(now) * 1_000_000L + 2_500_000L; // each timer 2.5 ms late
      ticks++;
    }
    assertThat(now).isBetween(3600 * SECOND, 3600 * SECOND + 3_000_000L);
  }

  @Test
  void missedTicksAreSkippedNotBunched() {
    AbsoluteSchedule schedule = new AbsoluteSchedule(0, SECOND);
    // the machine stalled for 3.5 s: the next tick is 4, half a second away
    assertThat(schedule.nextTick(3 * SECOND + SECOND / 2)).isEqualTo(4);
    assertThat(schedule.millisUntilNextTick(3 * SECOND + SECOND / 2)).isEqualTo(500);
  }

  @Test
  void waitsAtLeastOneMillisecond() {
    AbsoluteSchedule schedule = new AbsoluteSchedule(0, SECOND);
    assertThat(schedule.millisUntilNextTick(SECOND - 10)).isEqualTo(1);
  }
}
