package dev.fleetscale.optimizer.replay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Replays one policy on one demand series, in simulated time (5 s ticks, so 10 s windows and
 * HPA's 15 s sync both fall on ticks), against a simulated pool that acts on every answer:
 *
 * <ul>
 *   <li>more hosts than requested so far: the difference is started and serves {@code upDelay}
 *       later;
 *   <li>fewer: hosts still starting are cancelled first (newest first, as a ReplicaSet deletes
 *       pending pods first), then online hosts drain: they serve for {@code downDelay} and leave;
 *   <li>demand spreads over the hosts serving (online and draining); a window's GPU utilization is
 *       demand over their GPUs, capped at 100 %.
 * </ul>
 *
 * Every host from its request until it leaves (or is cancelled) is paid for: GPU-hours count
 * starting, online and draining hosts.
 */
public final class PoolReplay {

  static final int TICK_SECONDS = 5;

  private final DemandSeries series;
  private final int gpusPerHost;
  private final int upDelay;
  private final int downDelay;

  /**
   * @param upDelaySeconds from request to serving, >= 0
   * @param downDelaySeconds from removal request to leaving, >= 0
   */
  public PoolReplay(DemandSeries series, int gpusPerHost, int upDelaySeconds,
      int downDelaySeconds) {
    if (gpusPerHost < 1) {
      throw new IllegalArgumentException("--gpus-per-host: must be >= 1, was " + gpusPerHost);
    }
    if (upDelaySeconds < 0 || downDelaySeconds < 0) {
      throw new IllegalArgumentException("--actuation-delay: must be >= 0 s, was "
          + upDelaySeconds + "," + downDelaySeconds);
    }
    this.series = series;
    this.gpusPerHost = gpusPerHost;
    this.upDelay = upDelaySeconds;
    this.downDelay = downDelaySeconds;
  }

  /** What happened in each window of one replay. */
  public record Run(String policy, DemandSeries series, int gpusPerHost, double[] servingHosts,
      double[] paidHosts, int scalingEvents, int startsCancelled) {

    public Metrics metrics() {
      return Metrics.of(this);
    }
  }

  public Run run(ReplayPolicy policy, int initialHosts) {
    if (policy.syncSeconds() % TICK_SECONDS != 0 || policy.syncSeconds() <= 0) {
      throw new IllegalArgumentException(policy.name() + ": sync period must be a positive"
          + " multiple of " + TICK_SECONDS + " s, was " + policy.syncSeconds());
    }
    policy.start(initialHosts);
    int windows = series.windows();
    int ticksPerWindow = DemandSeries.STEP_SECONDS / TICK_SECONDS;
    double[] serving = new double[windows];
    double[] paid = new double[windows];
    int online = initialHosts;
    Deque<Long> starting = new ArrayDeque<>(); // ready times, oldest request first
    Deque<Long> draining = new ArrayDeque<>(); // leave times
    int events = 0;
    int cancelled = 0;
    double lastUtil = 0;
    double lastBusy = 0;
    double lastDemand = 0;
    for (int tick = 0; tick < windows * ticksPerWindow; tick++) {
      long now = (long) tick * TICK_SECONDS;
      // 1. actuations that are due
      for (Iterator<Long> it = starting.iterator(); it.hasNext(); ) {
        if (it.next() <= now) {
          it.remove();
          online++;
        }
      }
      draining.removeIf(at -> at <= now);
      // 2. a window closes at this tick
      if (tick > 0 && tick % ticksPerWindow == 0) {
        int w = tick / ticksPerWindow - 1;
        double capacity = serving[w] * gpusPerHost;
        double demand = series.demand(w);
        lastUtil = capacity > 0 ? Math.min(100, 100 * demand / capacity) : (demand > 0 ? 100 : 0);
        lastBusy = Math.min(demand, capacity);
        lastDemand = demand;
      }
      // 3. the policy, at its sync ticks (not before the first window has closed)
      if (now > 0 && now % policy.syncSeconds() == 0) {
        int window = (int) (now / DemandSeries.STEP_SECONDS) - 1;
        int requested = online + starting.size();
        int desired = Math.max(0, policy.desiredHosts(new ReplayPolicy.View(now, window,
            requested, online, starting.size(), draining.size(), lastUtil, lastBusy, lastDemand)));
        if (desired != requested) {
          events++;
        }
        while (desired > online + starting.size()) {
          starting.addLast(now + upDelay);
        }
        while (desired < online + starting.size()) {
          if (!starting.isEmpty()) {
            starting.removeLast();
            cancelled++;
          } else {
            online--;
            draining.addLast(now + downDelay);
          }
        }
        // a zero delay acts at once
        if (upDelay == 0) {
          online += starting.size();
          starting.clear();
        }
        if (downDelay == 0) {
          draining.clear();
        }
      }
      // 4. this tick's state holds until the next tick
      int w = tick / ticksPerWindow;
      serving[w] += (double) (online + draining.size()) / ticksPerWindow;
      paid[w] += (double) (online + draining.size() + starting.size()) / ticksPerWindow;
    }
    return new Run(policy.name(), series, gpusPerHost, serving, paid, events, cancelled);
  }

  /**
   * Hosts a dynamic policy starts with: those that run the busiest window of the first up delay
   * at the target, as if the pool had been sized for the trace's start before it began (no
   * policy can change the first up delay anyway).
   */
  public int initialHosts(double target) {
    double peak = 0;
    for (int w = 0; w <= upDelay / DemandSeries.STEP_SECONDS && w < series.windows(); w++) {
      peak = Math.max(peak, series.demand(w));
    }
    return StaticPolicy.hostsFor(peak, target, gpusPerHost);
  }
}
