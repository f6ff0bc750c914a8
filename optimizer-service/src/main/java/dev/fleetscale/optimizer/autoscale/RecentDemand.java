package dev.fleetscale.optimizer.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * A pool's demand in its recent windows, and the demand predictive mode expects when a replica
 * asked for now would be ready: a high quantile of those windows.
 *
 * <p>Why a quantile and not a trend line: a replica asked for now serves only after the actuation
 * delay, so the decision is for a window that has not happened yet, and on an inference pool the
 * 10 s demand around its level is mostly noise and bursts. The last window (what a reactive
 * autoscaler scales for) chases a burst that is over when the replicas arrive; a line through the
 * history extrapolates the noise. The quantile of the recent windows is the demand that was not
 * exceeded in that share of them, which is what a pool sized for the window at the lead needs,
 * and it rises within a few windows when the level steps up. Nearest-rank, so it is always a
 * demand that happened. Not thread-safe: one per pool, on the pool's thread.
 */
public final class RecentDemand {

  private record Point(Instant at, double demand) {}

  private final Duration history;
  private final int minPoints;
  private final Deque<Point> points = new ArrayDeque<>();

  /**
   * @param history how far back windows count (the optimizer's {@code
   *     autoscale.predictiveHistorySeconds}), >= 0
   * @param minPoints fewer windows than this give no estimate, >= 1
   */
  public RecentDemand(Duration history, int minPoints) {
    if (history.isNegative()) {
      throw new IllegalArgumentException("history must be >= 0, was " + history);
    }
    if (minPoints < 1) {
      throw new IllegalArgumentException("minPoints must be >= 1, was " + minPoints);
    }
    this.history = history;
    this.minPoints = minPoints;
  }

  /** Adds a window's demand; windows come in time order (one not after the last is ignored). */
  public void observe(Instant at, double demand) {
    if (!points.isEmpty() && !at.isAfter(points.peekLast().at())) {
      return;
    }
    points.addLast(new Point(at, demand));
    Instant oldest = at.minus(history);
    while (points.peekFirst().at().isBefore(oldest)) {
      points.removeFirst();
    }
  }

  /** Windows held now. */
  public int size() {
    return points.size();
  }

  /**
   * The nearest-rank {@code q} quantile of the windows held: the smallest demand with at least
   * {@code q} of them at or below it; empty with fewer than {@code minPoints} windows.
   *
   * @param q in (0, 1]; 1 is the highest window
   */
  public OptionalDouble quantile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in (0, 1], was " + q);
    }
    if (points.size() < minPoints) {
      return OptionalDouble.empty();
    }
    double[] sorted = points.stream().mapToDouble(Point::demand).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length - 1e-9);
    return OptionalDouble.of(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
  }
}
