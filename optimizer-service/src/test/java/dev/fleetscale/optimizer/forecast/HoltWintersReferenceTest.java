package dev.fleetscale.optimizer.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Holds {@link HoltWinters} to values computed independently of it: the textbook additive
 * recursion and the closed-form ETS(A,A,A) forecast variance (Hyndman and Athanasopoulos,
 * "Forecasting: Principles and Practice", 3rd ed., sections 8.3 and 8.7), evaluated by
 * {@code src/test/resources/forecast/holt_winters_reference.py} on the series below with fixed
 * smoothing parameters. Rerun that script to regenerate the numbers.
 */
class HoltWintersReferenceTest {

  static final double[] SERIES = {30, 21, 29, 31, 40, 48, 53, 47, 37, 39, 31, 29,
      17, 9, 20, 24, 27, 35, 41, 38, 27, 31, 27, 26};
  static final int SEASON = 4;
  static final double ALPHA = 0.5;
  static final double BETA = 0.3;
  static final double GAMMA = 0.4;

  // python3 holt_winters_reference.py: forecast h steps after the last observation, h = 1..9
  static final double[] FORECAST = {18.859476307578, 21.541721631281, 20.944206360734,
      19.748994656048, 12.455973150423, 15.138218474126, 14.540703203580, 13.345491498893,
      6.052469993269};
  // the same script: 95 % half-width, h = 1..9 (sigma^2 = SSE / (20 errors - 3))
  static final double[] HALF_WIDTH_95 = {23.981609214502, 28.602530627299, 34.440964124375,
      41.294353442488, 54.765300897526, 62.432839130978, 70.887868212890, 80.042550227740,
      94.567850652538};
  static final double TREND = -1.600875789289;
  static final double SSE = 2545.033024987096;

  static final double EPSILON = 1e-9;

  @Test
  void statesAndForecastsMatchTheTextbookRecursion() {
    HoltWinters model = HoltWinters.withParameters(SERIES, SEASON, ALPHA, BETA, GAMMA);

    assertThat(model.trendPerStep()).isCloseTo(TREND, within(EPSILON));
    assertThat(model.rmse()).isCloseTo(Math.sqrt(SSE / 20), within(EPSILON));
    for (int h = 1; h <= FORECAST.length; h++) {
      assertThat(model.forecast(h)).as("forecast h=%d", h)
          .isCloseTo(FORECAST[h - 1], within(EPSILON));
    }
  }

  @Test
  void intervalMatchesTheClosedFormVariance() {
    HoltWinters model = HoltWinters.withParameters(SERIES, SEASON, ALPHA, BETA, GAMMA);

    for (int h = 1; h <= HALF_WIDTH_95.length; h++) {
      assertThat(model.intervalHalfWidth(h, 1.96)).as("half-width h=%d", h)
          .isCloseTo(HALF_WIDTH_95[h - 1], within(EPSILON));
    }
  }

  @Test
  void fitPicksTheGridPointWithTheSmallestError() {
    HoltWinters fitted = HoltWinters.fit(SERIES, SEASON);
    HoltWinters reference = HoltWinters.withParameters(SERIES, SEASON, ALPHA, BETA, GAMMA);

    assertThat(fitted.rmse()).isLessThanOrEqualTo(reference.rmse());
  }

  @Test
  void rejectsParametersOutsideTheUnitInterval() {
    assertThatThrownBy(() -> HoltWinters.withParameters(SERIES, SEASON, 1.5, BETA, GAMMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> HoltWinters.withParameters(SERIES, SEASON, ALPHA, Double.NaN, GAMMA))
        .hasMessage("beta must be between 0 and 1, was NaN");
    assertThatThrownBy(() -> HoltWinters.withParameters(SERIES, 1, ALPHA, BETA, GAMMA))
        .hasMessage("season must be at least 2 observations, was 1");
  }
}
