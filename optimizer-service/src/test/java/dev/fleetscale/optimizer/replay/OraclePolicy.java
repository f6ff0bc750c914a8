package dev.fleetscale.optimizer.replay;

/**
 * A reference that knows the future: asked at the end of window {@code w}, it knows the demand of
 * every window its answer can still change under the actuation delays (a host it adds serves from
 * {@code now + up delay}, one it removes leaves at {@code now + down delay}) and asks for the
 * hosts that run the busiest of those windows at the target utilization; it never cancels a host
 * still starting that an earlier window needs. It is the lower bound of
 * what any policy can do with the same delays and target, not a policy that could ship.
 */
public final class OraclePolicy implements ReplayPolicy {

  private final DemandSeries series;
  private final double target;
  private final int gpusPerHost;
  private final int upWindows;
  private final int downWindows;

  public OraclePolicy(DemandSeries series, double target, int gpusPerHost, int upDelaySeconds,
      int downDelaySeconds) {
    this.series = series;
    this.target = target;
    this.gpusPerHost = gpusPerHost;
    this.upWindows = ceilDiv(upDelaySeconds, DemandSeries.STEP_SECONDS);
    this.downWindows = downDelaySeconds / DemandSeries.STEP_SECONDS;
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public int desiredHosts(View view) {
    int next = view.window() + 1; // the first window after now
    int late = next + Math.min(downWindows, upWindows);
    // Windows from now + down delay to now + up delay: what this answer decides.
    int needLate = hostsFor(peak(late, next + upWindows));
    // Windows before now + down delay: hosts that drain still serve them, but hosts still starting
    // that are cancelled do not; keep (up to what is requested) those these windows need.
    int needEarly = late > next ? hostsFor(peak(next, late - 1)) : 0;
    return Math.max(needLate, Math.min(view.requested(), needEarly));
  }

  private double peak(int from, int to) {
    double peak = 0;
    for (int w = Math.max(0, from); w <= to && w < series.windows(); w++) {
      peak = Math.max(peak, series.demand(w));
    }
    return peak;
  }

  private int hostsFor(double demand) {
    return StaticPolicy.hostsFor(demand, target, gpusPerHost);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
