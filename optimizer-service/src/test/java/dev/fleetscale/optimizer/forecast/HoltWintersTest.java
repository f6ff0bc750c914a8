package dev.fleetscale.optimizer.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Synthetic series with a known trend and weekly pattern: the model must recover both. */
class HoltWintersTest {

  static final double[] WEEKLY = {0, 6, 10, 6, 0, -11, -11};

  static double truth(int t) {
    return 100 + 2.0 * t + WEEKLY[t % 7];
  }

  @Test
  void recoversTrendAndSeasonAndForecastsAhead() {
    Random noise = new Random(7);
    double[] y = new double[70];
    for (int t = 0; t < y.length; t++) {
      y[t] = truth(t) + noise.nextGaussian();
    }

    HoltWinters model = HoltWinters.fit(y, 7);

    assertThat(model.trendPerStep()).isCloseTo(2.0, within(0.15));
    for (int h = 1; h <= 14; h++) {
      assertThat(model.forecast(h)).as("h=%d", h).isCloseTo(truth(69 + h), within(4.0));
    }
    assertThat(model.mape()).isLessThan(0.02);
    double halfWidth = model.intervalHalfWidth(7, 1.96);
    assertThat(Math.abs(model.forecast(7) - truth(76))).isLessThan(halfWidth);
    assertThat(model.intervalHalfWidth(14, 1.96)).isGreaterThan(model.intervalHalfWidth(1, 1.96));
    assertThat(model.describe()).startsWith("holt-winters-additive(alpha=");
  }

  @Test
  void needsTwoSeasons() {
    assertThatThrownBy(() -> HoltWinters.fit(new double[13], 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two seasons");
  }
}
