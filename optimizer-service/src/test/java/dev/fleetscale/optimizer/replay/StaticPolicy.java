package dev.fleetscale.optimizer.replay;

/**
 * Static provisioning at the trace's peak: the hosts that run the peak window at the target
 * utilization, from the first window on, never changed.
 */
public final class StaticPolicy implements ReplayPolicy {

  private final int hosts;

  public StaticPolicy(DemandSeries series, double target, int gpusPerHost) {
    this.hosts = hostsFor(series.peak(), target, gpusPerHost);
  }

  /** Hosts that run {@code demandGpus} at {@code target} utilization, at least 1. */
  static int hostsFor(double demandGpus, double target, int gpusPerHost) {
    return Math.max(1, (int) Math.ceil(demandGpus / (target * gpusPerHost) - 1e-9));
  }

  public int hosts() {
    return hosts;
  }

  @Override
  public String name() {
    return "static-peak";
  }

  @Override
  public int desiredHosts(View view) {
    return hosts;
  }
}
