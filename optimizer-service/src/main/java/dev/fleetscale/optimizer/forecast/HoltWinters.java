package dev.fleetscale.optimizer.forecast;

import java.util.Locale;

/**
 * Additive Holt-Winters (level, additive trend, additive seasonality), fitted by a grid search
 * over the smoothing parameters that minimises the sum of squared one-step-ahead errors.
 * Immutable once fitted.
 *
 * <p>The recursion is the component form of Hyndman and Athanasopoulos, "Forecasting: Principles
 * and Practice" (3rd ed.), section 8.3, with {@code m} observations per season:
 *
 * <pre>
 * level   l(t) = alpha (y(t) - s(t-m)) + (1 - alpha) (l(t-1) + b(t-1))
 * trend   b(t) = beta (l(t) - l(t-1)) + (1 - beta) b(t-1)
 * season  s(t) = gamma (y(t) - l(t-1) - b(t-1)) + (1 - gamma) s(t-m)
 * </pre>
 *
 * and the prediction interval uses that book's h-step variance of ETS(A,A,A) (section 8.7), with
 * the state-space trend parameter {@code alpha * beta}. Two things differ from the book, on
 * purpose: the initial states are a heuristic (level: the first season's mean; trend: the
 * difference between the first two seasons' means, per step; seasonal indices: the first
 * season's deviations from its mean) where the book estimates them by maximum likelihood, and
 * the smoothing parameters come from a grid search rather than an optimiser; both keep the fit
 * cheap and deterministic. {@code HoltWintersReferenceTest} checks the states, forecasts and
 * interval against values computed independently by {@code forecast/holt_winters_reference.py}
 * (test resources).
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
    checkSeries(series, season);
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

  /**
   * Runs the recursion with the given smoothing parameters, without searching: for tests that
   * compare against reference values.
   */
  static HoltWinters withParameters(double[] series, int season, double alpha, double beta,
      double gamma) {
    checkSeries(series, season);
    checkUnit("alpha", alpha);
    checkUnit("beta", beta);
    checkUnit("gamma", gamma);
    return new HoltWinters(season, alpha, beta, gamma, run(series, season, alpha, beta, gamma),
        series.length);
  }

  private static void checkSeries(double[] series, int season) {
    if (season < 2) {
      throw new IllegalArgumentException("season must be at least 2 observations, was " + season);
    }
    if (series.length < 2 * season) {
      throw new IllegalArgumentException("series: Holt-Winters needs at least two seasons ("
          + 2 * season + " points), got " + series.length);
    }
  }

  private static void checkUnit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
    }
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
      double previousTrend = r.trend;
      r.level = a * (y[t] - s) + (1 - a) * (previousLevel + previousTrend);
      r.trend = b * (r.level - previousLevel) + (1 - b) * previousTrend;
      r.seasonal[t % m] = g * (y[t] - previousLevel - previousTrend) + (1 - g) * s;
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
   * (1.96 for 95 %), from the residual variance (SSE over the one-step errors less 3) and the
   * additive model's variance multiplier {@code 1 + sum over j < h of c(j)^2}, where the error
   * made j steps before the target weighs {@code c(j) = alpha (1 + j beta)}, plus {@code gamma}
   * when j is a whole number of seasons (the sum form of the book's table 8.8 expression).
   */
  public double intervalHalfWidth(int h, double z) {
    if (h < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + h);
    }
    double sigma2 = sse / Math.max(1, errorCount - 3);
    double multiplier = 1;
    for (int j = 1; j < h; j++) {
      double c = alpha * (1 + j * beta) + (j % season == 0 ? gamma : 0);
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
