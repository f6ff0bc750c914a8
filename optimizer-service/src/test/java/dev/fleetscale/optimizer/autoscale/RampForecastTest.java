package dev.fleetscale.optimizer.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RampForecastTest {

  @Test
  void extrapolatesALinearRamp() {
    var ramp = new RampForecast(Duration.ofMinutes(10), 3);
    Instant t0 = Instant.parse("2026-01-01T08:00:00Z");
    for (int i = 0; i < 30; i++) {
      ramp.observe(t0.plusSeconds(10L * i), 20 + 0.1 * (10 * i)); // +0.1 per second
    }

    double at = ramp.valueAt(t0.plusSeconds(290 + 300)).orElseThrow();

    assertThat(at).isCloseTo(20 + 0.1 * 590, within(1e-6));
  }

  @Test
  void noForecastWithTooFewPointsAndOldPointsAreForgotten() {
    var ramp = new RampForecast(Duration.ofSeconds(30), 3);
    Instant t0 = Instant.parse("2026-01-01T08:00:00Z");
    ramp.observe(t0, 100);
    ramp.observe(t0.plusSeconds(10), 100);
    assertThat(ramp.valueAt(t0.plusSeconds(60))).isEmpty();

    ramp.observe(t0.plusSeconds(100), 10);
    ramp.observe(t0.plusSeconds(110), 10);
    ramp.observe(t0.plusSeconds(120), 10);

    assertThat(ramp.valueAt(t0.plusSeconds(200)).orElseThrow()).isCloseTo(10, within(1e-9));
  }
}
