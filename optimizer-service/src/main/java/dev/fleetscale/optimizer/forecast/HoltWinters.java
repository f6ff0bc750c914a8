package dev.fleetscale.optimizer.forecast;

import java.util.Locale;

/**
 * Additive Holt-Winters (level, additive trend, additive seasonality), fitted by a grid search
 * over the smoothing parameters that minimises the sum of squared one-step-ahead errors. Small
 * enough to read in one sitting; the textbook formulas (Hyndman and Athanasopoulos, "Forecasting:
 * Principles and Practice", section 8.3) are used as written. Immutable once fitted.
 */
public final class HoltWinters {

  private static final double[] GRID = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  private static final double[] TREND_GRID = {0.01, 0.05, 0.1, 0.2, 0.3};

  private final int season;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double level;
  private final double trend;
  private final double[] seasonal;
  private final int length;
  private final double sse;
  private final double mape;
  private final int errorCount;

  private HoltWinters(int season, double alpha, double beta, double gamma, Run run, int length) {
    this.season = season;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.level = run.level;
    this.trend = run.trend;
    this.seasonal = run.seasonal;
    this.length = length;
    this.sse = run.sse;
    this.mape = run.mape;
    this.errorCount = run.errors;
  }

  /**
   * Fits the series.
   *
   * @param series equally spaced observations, oldest first; at least two full seasons
   * @param season observations per season (7 for daily points with weekly seasonality)
   */
  public static HoltWinters fit(double[] series, int season) {
    if (season < 2 || series.length < 2 * season) {
      throw new IllegalArgumentException("Holt-Winters needs at least two seasons (" + 2 * season
          + " points), got " + series.length);
    }
    Run best = null;
    double[] bestParams = null;
    for (double a : GRID) {
      for (double b : TREND_GRID) {
        for (double g : GRID) {
          Run run = run(series, season, a, b, g);
          if (best == null || run.sse < best.sse) {
            best = run;
            bestParams = new double[] {a, b, g};
          }
        }
      }
    }
    return new HoltWinters(season, bestParams[0], bestParams[1], bestParams[2], best,
        series.length);
  }

  private static final class Run {
    double level;
    double trend;
    double[] seasonal;
    double sse;
    double mape;
    int errors;
  }

  private static Run run(double[] y, int m, double a, double b, double g) {
    double firstMean = 0;
    double secondMean = 0;
    for (int i = 0; i < m; i++) {
      firstMean += y[i] / m;
      secondMean += y[m + i] / m;
    }
    Run r = new Run();
    r.level = firstMean;
    r.trend = (secondMean - firstMean) / m;
    r.seasonal = new double[m];
    for (int i = 0; i < m; i++) {
      r.seasonal[i] = y[i] - firstMean;
    }
    double apeSum = 0;
    int apeCount = 0;
    for (int t = m; t < y.length; t++) {
      double s = r.seasonal[t % m];
      double predicted = r.level + r.trend + s;
      double error = y[t] - predicted;
      r.sse += error * error;
      r.errors++;
      if (y[t] != 0) {
        apeSum += Math.abs(error / y[t]);
        apeCount++;
      }
      double previousLevel = r.level;
      r.level = a * (y[t] - s) + (1 - a) * (r.level + r.trend);
      r.trend = b * (r.level - previousLevel) + (1 - b) * r.trend;
      r.seasonal[t % m] = g * (y[t] - previousLevel - r.trend) + (1 - g) * s;
    }
    r.mape = apeCount == 0 ? 0 : apeSum / apeCount;
    return r;
  }

  /** The point forecast {@code h >= 1} steps after the last observation. */
  public double forecast(int h) {
    if (h < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + h);
    }
    return level + h * trend + seasonal[(length + h - 1) % season];
  }

  /**
   * Half-width of the prediction interval {@code h} steps ahead at {@code z} standard deviations
   * (1.96 for 95 %), from the residual variance and the additive model's variance multiplier.
   */
  public double intervalHalfWidth(int h, double z) {
    double sigma2 = sse / Math.max(1, errorCount - 3);
    double multiplier = 1;
    for (int j = 1; j < h; j++) {
      double c = alpha * (1 + j * beta) + (j % season == 0 ? gamma * (1 - alpha) : 0);
      multiplier += c * c;
    }
    return z * Math.sqrt(sigma2 * multiplier);
  }

  /** Mean absolute percentage error of the one-step-ahead predictions, as a fraction. */
  public double mape() {
    return mape;
  }

  /** Root mean squared one-step-ahead error, in the series' unit. */
  public double rmse() {
    return Math.sqrt(sse / Math.max(1, errorCount));
  }

  public double trendPerStep() {
    return trend;
  }

  /** e.g. {@code holt-winters-additive(alpha=0.3,beta=0.05,gamma=0.1,season=7)}. */
  public String describe() {
    return String.format(Locale.ROOT,
        "holt-winters-additive(alpha=%.2f,beta=%.2f,gamma=%.2f,season=%d)", alpha, beta, gamma,
        season);
  }
}
