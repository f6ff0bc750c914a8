package dev.fleetscale.optimizer.replay;

/**
 * A way of choosing a pool's host count, replayed by {@link PoolReplay}. One instance per replay
 * (policies keep history). The simulator asks it every {@link #syncSeconds()} of trace time and
 * applies the answer to the pool, with the same actuation delays for every policy.
 */
public interface ReplayPolicy {

  /**
   * What the policy sees when it is asked.
   *
   * @param nowSeconds seconds since the trace's start (a multiple of the sync period)
   * @param window index of the last closed 10 s window (the newest data)
   * @param requested hosts the pool is asked to have: online plus starting (draining ones are no
   *     longer requested)
   *     (Kubernetes' {@code spec.replicas})
   * @param online hosts serving and staying (neither starting nor draining)
   * @param starting hosts requested and not ready yet
   * @param draining hosts asked to leave that still serve until they are gone
   * @param gpuUtilPct the pool's mean GPU utilization in the last closed window, 0-100 (what
   *     DCGM reports: it cannot exceed 100 however large the demand)
   * @param busyGpus GPUs busy in the last closed window (at most the GPUs serving)
   * @param demandGpus GPU-equivalents of demand in the last closed window, not capped by the GPUs
   *     serving: the signal beyond capacity a serving stack has (queued work, request rate)
   */
  record View(long nowSeconds, int window, int requested, int online, int starting, int draining,
      double gpuUtilPct, double busyGpus, double demandGpus) {

    /** Hosts serving in the last closed window: online and draining. */
    public int serving() {
      return online + draining;
    }
  }

  /** Name in the table, the CSV and the charts. */
  String name();

  /** How often the policy is asked, seconds; a multiple of 5. */
  default int syncSeconds() {
    return DemandSeries.STEP_SECONDS;
  }

  /**
   * Called once at time 0, before the first question, with the hosts the pool starts with: a
   * policy with memory starts as if it had been running the pool at that size (Kubernetes seeds
   * HPA's scale-down window with the current replicas the same way).
   */
  default void start(int hosts) {}

  /** The host count the pool should have from now on (>= 0). */
  int desiredHosts(View view);
}
