package dev.fleetscale.optimizer.replay;

import java.util.List;

/**
 * Reading a policy's sweep curve (one point per target, in target order) at a given SLO-miss share
 * or GPU-hours: the best sweep point that does at least as well, or the straight line between two
 * neighbouring sweep points that brackets the value. NaN where the curve does not reach.
 */
public final class Curves {

  /** One sweep point. */
  public record Point(double target, double gpuHours, double sloMissShare) {}

  private Curves() {}

  /** Least GPU-hours on the curve at an SLO-miss share of at most {@code miss}. */
  public static double gpuHoursAt(List<Point> curve, double miss) {
    double best = Double.NaN;
    for (Point p : curve) {
      if (p.sloMissShare() <= miss) {
        best = min(best, p.gpuHours());
      }
    }
    for (int i = 0; i + 1 < curve.size(); i++) {
      Point a = curve.get(i);
      Point b = curve.get(i + 1);
      double lo = Math.min(a.sloMissShare(), b.sloMissShare());
      double hi = Math.max(a.sloMissShare(), b.sloMissShare());
      if (lo < miss && miss < hi) {
        double f = (miss - a.sloMissShare()) / (b.sloMissShare() - a.sloMissShare());
        best = min(best, a.gpuHours() + f * (b.gpuHours() - a.gpuHours()));
      }
    }
    return best;
  }

  /** Least SLO-miss share on the curve at GPU-hours of at most {@code gpuHours}. */
  public static double missAt(List<Point> curve, double gpuHours) {
    double best = Double.NaN;
    for (Point p : curve) {
      if (p.gpuHours() <= gpuHours) {
        best = min(best, p.sloMissShare());
      }
    }
    for (int i = 0; i + 1 < curve.size(); i++) {
      Point a = curve.get(i);
      Point b = curve.get(i + 1);
      double lo = Math.min(a.gpuHours(), b.gpuHours());
      double hi = Math.max(a.gpuHours(), b.gpuHours());
      if (lo < gpuHours && gpuHours < hi) {
        double f = (gpuHours - a.gpuHours()) / (b.gpuHours() - a.gpuHours());
        best = min(best, a.sloMissShare() + f * (b.sloMissShare() - a.sloMissShare()));
      }
    }
    return best;
  }

  private static double min(double a, double b) {
    return Double.isNaN(a) ? b : Math.min(a, b);
  }
}
