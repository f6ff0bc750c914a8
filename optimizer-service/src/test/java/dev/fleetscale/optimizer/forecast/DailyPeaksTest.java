package dev.fleetscale.optimizer.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.optimizer.rollup.SampleRejections;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Daily maxima, with impossible observations left out and counted. */
class DailyPeaksTest {

  private static final Instant DAY1 = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void impossibleObservationsNeverBecomeAPeak() {
    SampleRejections rejections = new SampleRejections();
    DailyPeaks peaks = new DailyPeaks(rejections);

    peaks.observe(DAY1, 10.0);
    peaks.observe(DAY1.plusSeconds(10), Double.POSITIVE_INFINITY);
    peaks.observe(DAY1.plusSeconds(20), Double.NaN);
    peaks.observe(DAY1.plusSeconds(30), -1.0);
    assertThat(peaks.observe(DAY1.plusSeconds(40), 1.4e20, 200e9)).isFalse();
    assertThat(peaks.observe(DAY1.plusSeconds(50), 150e9, 200e9)).isTrue();

    assertThat(peaks.series(LocalDate.of(2026, 3, 1))).containsExactly(150e9);
    assertThat(rejections.count(SampleRejections.Reason.NOT_FINITE)).isEqualTo(2.0);
    assertThat(rejections.count(SampleRejections.Reason.NEGATIVE)).isEqualTo(1.0);
    assertThat(rejections.count(SampleRejections.Reason.DEMAND_ABOVE_CAPACITY)).isEqualTo(1.0);
  }
}
