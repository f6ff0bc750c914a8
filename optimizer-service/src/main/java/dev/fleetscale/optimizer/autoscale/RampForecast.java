package dev.fleetscale.optimizer.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * A short-horizon forecast of one metric for predictive scaling: an ordinary least-squares line
 * through the observations of the last {@code history}, read at {@code now + lead}. A ramp (the
 * morning rise of an inference service) is what it is for; it is not a seasonal model (that is
 * {@code forecast.HoltWinters}, for capacity). Not thread-safe: one per pool, on the pool's thread.
 */
public final class RampForecast {

  private record Point(Instant at, double value) {}

  private final Duration history;
  private final int minPoints;
  private final Deque<Point> points = new ArrayDeque<>();

  /**
   * @param history how far back observations count
   * @param minPoints fewer observations than this give no forecast
   */
  public RampForecast(Duration history, int minPoints) {
    this.history = history;
    this.minPoints = Math.max(2, minPoints);
  }

  /** Adds an observation; observations must come in time order (older ones are ignored). */
  public void observe(Instant at, double value) {
    if (!points.isEmpty() && !at.isAfter(points.peekLast().at())) {
      return;
    }
    points.addLast(new Point(at, value));
    Instant oldest = at.minus(history);
    while (points.peekFirst().at().isBefore(oldest)) {
      points.removeFirst();
    }
  }

  /** The fitted line's value at {@code at}; empty with too few points or no spread in time. */
  public OptionalDouble valueAt(Instant at) {
    if (points.size() < minPoints) {
      return OptionalDouble.empty();
    }
    long origin = points.peekFirst().at().toEpochMilli();
    double n = points.size();
    double sumX = 0;
    double sumY = 0;
    double sumXx = 0;
    double sumXy = 0;
    for (Point p : points) {
      double x = (p.at().toEpochMilli() - origin) / 1000.0;
      sumX += x;
      sumY += p.value();
      sumXx += x * x;
      sumXy += x * p.value();
    }
    double denominator = n * sumXx - sumX * sumX;
    if (denominator == 0) {
      return OptionalDouble.empty();
    }
    double slope = (n * sumXy - sumX * sumY) / denominator;
    double intercept = (sumY - slope * sumX) / n;
    double x = (at.toEpochMilli() - origin) / 1000.0;
    return OptionalDouble.of(intercept + slope * x);
  }
}
