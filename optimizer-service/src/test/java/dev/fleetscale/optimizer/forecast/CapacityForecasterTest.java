package dev.fleetscale.optimizer.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.capacity.CapacityDemand;
import dev.fleetscale.contracts.capacity.CapacityResource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CapacityForecasterTest {

  private static final LocalDate START = LocalDate.of(2026, 1, 5);

  /** 60 days of GPUs in use: 100 rising by 2 a day, weekly pattern, hourly samples. */
  private static DailyPeaks risingDemand(double slopePerDay) {
    DailyPeaks peaks = new DailyPeaks();
    Random noise = new Random(3);
    for (int day = 0; day < 60; day++) {
      Instant midnight = START.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (int hour = 0; hour < 24; hour++) {
        double diurnal = hour >= 9 && hour < 18 ? 1.0 : 0.7;
        double value = (100 + slopePerDay * day + HoltWintersTest.WEEKLY[day % 7]) * diurnal
            + noise.nextGaussian() * 0.5;
        peaks.observe(midnight.plusSeconds(3600L * hour), value);
      }
    }
    return peaks;
  }

  @Test
  void raisesADemandWhenTheForecastCrossesTargetUtilizationWithinLeadTime() {
    var forecaster = new CapacityForecaster(30, 0.8);
    LocalDate last = START.plusDays(59);
    Instant now = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    CapacityDemand demand = forecaster.assess("pool-a", CapacityResource.GPU_COUNT,
        risingDemand(2), last, 300, now).orElseThrow();

    // Truth: peak 100 + 2d + weekly; day 65 (6 days after the last) reaches 100 + 130 + 10 = 240,
    // the limit 300 × 0.8; the peak within 30 days is day 86: 100 + 172 + 10 = 282.
    assertThat(demand.neededBy()).isBetween(last.plusDays(4), last.plusDays(8));
    assertThat(demand.forecastPeak()).isBetween(270.0, 300.0);
    assertThat(demand.shortfall()).isEqualTo(demand.forecastPeak() / 0.8 - 300);
    assertThat(demand.predictionLow()).isLessThan(demand.forecastPeak());
    assertThat(demand.predictionHigh()).isGreaterThan(demand.forecastPeak());
    assertThat(demand.evidence().sampleCount()).isEqualTo(60);
    assertThat(demand.evidence().model()).contains("season=7");
    assertThat(demand.evidence().fitError()).isLessThan(0.05);
    assertThat(demand.evidence().historyFrom())
        .isEqualTo(START.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void flatDemandBelowTheLimitRaisesNothing() {
    var forecaster = new CapacityForecaster(30, 0.8);
    LocalDate last = START.plusDays(59);

    assertThat(forecaster.assess("pool-a", CapacityResource.GPU_COUNT, risingDemand(0), last,
        300, Instant.EPOCH)).isEmpty();
  }

  @Test
  void tooLittleHistoryRaisesNothing() {
    DailyPeaks peaks = new DailyPeaks();
    peaks.observe(Instant.parse("2026-01-01T10:00:00Z"), 1e9);

    assertThat(new CapacityForecaster(30, 0.8).assess("p", CapacityResource.GPU_COUNT, peaks,
        LocalDate.of(2026, 1, 1), 1, Instant.EPOCH)).isEmpty();
  }

  @Test
  void gapsAreInterpolated() {
    DailyPeaks peaks = new DailyPeaks();
    peaks.observe(Instant.parse("2026-01-01T10:00:00Z"), 10);
    peaks.observe(Instant.parse("2026-01-04T10:00:00Z"), 40);

    assertThat(peaks.series(LocalDate.of(2026, 1, 4))).containsExactly(10, 20, 30, 40);
  }

  @Test
  void theSameShortfallIsNotRaisedTwiceAndAChangedOneSupersedes() {
    var forecaster = new CapacityForecaster(30, 0.8);
    var ledger = new DemandLedger(0.1, 7);
    LocalDate day59 = START.plusDays(59);
    DailyPeaks peaks = risingDemand(2);
    CapacityDemand first = forecaster.assess("pool-a", CapacityResource.GPU_COUNT, peaks, day59,
        300, Instant.EPOCH).orElseThrow();
    CapacityDemand sameAgain = forecaster.assess("pool-a", CapacityResource.GPU_COUNT, peaks,
        day59.minusDays(1), 300, Instant.EPOCH).orElseThrow();
    CapacityDemand steeper = forecaster.assess("pool-a", CapacityResource.GPU_COUNT,
        risingDemand(3), day59, 300, Instant.EPOCH).orElseThrow();

    var published = ledger.admit(first);
    var repeated = ledger.admit(sameAgain);
    var changed = ledger.admit(steeper);

    assertThat(published).contains(first);
    assertThat(repeated).isEmpty();
    assertThat(changed).hasValueSatisfying(d -> {
      assertThat(d.supersedes()).isEqualTo(first.demandId());
      assertThat(d.shortfall()).isGreaterThan(first.shortfall() * 1.1);
    });
  }

  @Test
  void forecastsANonGpuResourceWithTrendAndWeeklySeasonToTheRightNeededByDate() {
    // NIC bandwidth of a pool, Gb/s: 200 rising 2 a day, one busy day a week (+30, d % 7 == 2),
    // weekends lower; 60 days of hourly peaks with 0.5 Gb/s noise.
    double[] weekly = {0, 0, 30, 0, 0, -10, -10};
    DailyPeaks peaks = new DailyPeaks();
    Random noise = new Random(5);
    for (int day = 0; day < 60; day++) {
      Instant midnight = START.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant();
      for (int hour = 0; hour < 24; hour++) {
        double diurnal = hour >= 9 && hour < 18 ? 1.0 : 0.6;
        peaks.observe(midnight.plusSeconds(3600L * hour),
            ((200 + 2.0 * day + weekly[day % 7]) * diurnal + noise.nextGaussian() * 0.5) * 1e9);
      }
    }
    LocalDate last = START.plusDays(59);
    var forecaster = new CapacityForecaster(30, 0.8);

    CapacityDemand demand = forecaster.assess("pool-n",
        CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND, peaks, last, 460e9, Instant.EPOCH)
        .orElseThrow();

    // Limit 0.8 × 460 = 368 Gb/s. Busy days: day 65 peaks at 360 (below), day 72 at 374 (above);
    // the ordinary days in between stay under 350. So it is needed by day 72, 13 days ahead.
    assertThat(demand.resource()).isEqualTo(CapacityResource.NIC_BANDWIDTH_BITS_PER_SECOND);
    assertThat(demand.neededBy()).isEqualTo(START.plusDays(72));
    // The highest forecast within 30 days: busy day 86, 200 + 172 + 30 = 402 Gb/s.
    assertThat(demand.forecastPeak()).isCloseTo(402e9, org.assertj.core.api.Assertions.within(8e9));
    assertThat(demand.shortfall()).isEqualTo(demand.forecastPeak() / 0.8 - 460e9);
    assertThat(demand.predictionLow()).isLessThan(demand.forecastPeak());
    assertThat(demand.predictionHigh()).isGreaterThan(demand.forecastPeak());
    assertThat(demand.evidence().fitError()).isLessThan(0.02);
  }

  @Test
  void theLedgerKeysByResource() {
    var forecaster = new CapacityForecaster(30, 0.8);
    var ledger = new DemandLedger(0.1, 7);
    LocalDate day59 = START.plusDays(59);
    CapacityDemand gpus = forecaster.assess("pool-a", CapacityResource.GPU_COUNT,
        risingDemand(2), day59, 300, Instant.EPOCH).orElseThrow();
    CapacityDemand memory = forecaster.assess("pool-a", CapacityResource.GPU_MEMORY_BYTES,
        risingDemand(2), day59, 300, Instant.EPOCH).orElseThrow();

    var first = ledger.admit(gpus);
    var other = ledger.admit(memory);
    var repeated = ledger.admit(memory);

    assertThat(first).isPresent();
    // Same numbers, other resource: a demand of its own, superseding nothing.
    assertThat(other).hasValueSatisfying(d -> {
      assertThat(d.resource()).isEqualTo(CapacityResource.GPU_MEMORY_BYTES);
      assertThat(d.supersedes()).isNull();
      assertThat(d.demandId()).isNotEqualTo(gpus.demandId());
    });
    assertThat(repeated).isEmpty();
  }

  @Test
  void aLedgerRebuiltAfterARestartStillRecognisesTheSameShortfall() {
    var forecaster = new CapacityForecaster(30, 0.8);
    LocalDate day59 = START.plusDays(59);
    CapacityDemand before = forecaster.assess("pool-a", CapacityResource.SSD_CAPACITY_BYTES,
        risingDemand(2), day59.minusDays(1), 300, Instant.EPOCH).orElseThrow();
    CapacityDemand sameAgain = forecaster.assess("pool-a", CapacityResource.SSD_CAPACITY_BYTES,
        risingDemand(2), day59, 300, Instant.EPOCH).orElseThrow();
    CapacityDemand steeper = forecaster.assess("pool-a", CapacityResource.SSD_CAPACITY_BYTES,
        risingDemand(3), day59, 300, Instant.EPOCH).orElseThrow();
    var rebuilt = new DemandLedger(0.1, 7);

    rebuilt.remember("pool-a", CapacityResource.SSD_CAPACITY_BYTES, before.demandId(),
        before.shortfall(), before.neededBy());

    assertThat(sameAgain.demandId()).isNotEqualTo(before.demandId());
    assertThat(rebuilt.admit(sameAgain)).isEmpty();
    assertThat(rebuilt.admit(steeper)).hasValueSatisfying(d ->
        assertThat(d.supersedes()).isEqualTo(before.demandId()));
  }
}
