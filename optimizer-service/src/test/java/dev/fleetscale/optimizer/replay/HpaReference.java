package dev.fleetscale.optimizer.replay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Kubernetes' HorizontalPodAutoscaler (autoscaling/v2) with its default behaviour, re-implemented
 * from the Kubernetes documentation ("Horizontal Pod Autoscaling": algorithm details, support for
 * configurable scaling behavior) and kept apart from Fleetscale's autoscaler on purpose, so that
 * the replay compares against HPA and not against itself:
 *
 * <ul>
 *   <li>sync every 15 s ({@code --horizontal-pod-autoscaler-sync-period});
 *   <li>{@code desired = ceil(ready × metric / target)}, no change while {@code |metric/target −
 *       1| ≤ 0.1}; pods not ready yet count as 0 % when scaling up (so a scale-up in flight damps
 *       the next one), pods being deleted are ignored;
 *   <li>it scales from {@code spec.replicas} (here: requested hosts), the count already asked for,
 *       not the count ready;
 *   <li>stabilization: scale up to the lowest recommendation of the last 0 s, down to the highest
 *       of the last 300 s (the window seeded with the replicas at start);
 *   <li>rate: up at most max(+100 %, +4 pods) per 15 s, down at most −100 % per 15 s, counted from
 *       the replicas at the start of the period (current minus the changes made within it); a
 *       change is recorded once, when it is made;
 *   <li>bounds min 1 and max {@code maxReplicas}.
 * </ul>
 */
public final class HpaReference implements ReplayPolicy {

  static final int SYNC_SECONDS = 15;
  static final double TOLERANCE = 0.1;
  static final int DOWN_STABILIZATION_SECONDS = 300;
  static final int UP_STABILIZATION_SECONDS = 0;
  static final int RATE_PERIOD_SECONDS = 15;

  private record Stamped(long at, int value) {}

  private final double targetPct;
  private final int minReplicas;
  private final int maxReplicas;
  private final Deque<Stamped> recommendations = new ArrayDeque<>();
  private final Deque<Stamped> scaleUps = new ArrayDeque<>();
  private final Deque<Stamped> scaleDowns = new ArrayDeque<>();

  /**
   * @param target target utilization, fraction of 1
   * @param maxReplicas upper bound
   */
  public HpaReference(double target, int maxReplicas) {
    this.targetPct = target * 100;
    this.minReplicas = 1;
    this.maxReplicas = maxReplicas;
  }

  @Override
  public String name() {
    return "k8s-hpa";
  }

  @Override
  public int syncSeconds() {
    return SYNC_SECONDS;
  }

  /** As the controller does for an HPA it has no recommendations for yet. */
  @Override
  public void start(int hosts) {
    recommendations.addLast(new Stamped(0, hosts));
  }

  @Override
  public int desiredHosts(View v) {
    long now = v.nowSeconds();
    int current = v.requested();
    if (current == 0) {
      return current; // HPA leaves a target scaled to zero alone
    }
    int proposal = replicasForMetric(current, v.online(), v.starting(),
        v.gpuUtilPct());
    int stabilized = stabilize(now, current, proposal);
    int desired = limitRate(now, current, stabilized);
    desired = Math.max(minReplicas, Math.min(maxReplicas, desired));
    if (desired > current) {
      scaleUps.addLast(new Stamped(now, desired - current));
    } else if (desired < current) {
      scaleDowns.addLast(new Stamped(now, current - desired));
    }
    return desired;
  }

  /**
   * The replica calculator for a per-pod metric ({@code calcPlainMetricReplicas}): ready pods
   * report {@code metric}; pending (not ready) pods have no metric and count as 0 % on a scale-up.
   * Draining pods are terminating and are ignored (every serving host reports the same mean
   * here, so only the count matters).
   */
  int replicasForMetric(int current, int ready, int unready, double metric) {
    if (ready == 0) {
      return current; // no metrics: HPA skips the sync
    }
    double ratio = metric / targetPct;
    boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
    if (!scaleUpWithUnready) {
      if (Math.abs(1.0 - ratio) <= TOLERANCE) {
        return current;
      }
      return (int) Math.ceil(ratio * ready);
    }
    // Unready pods count as using 0 % of the target, which damps a scale-up.
    double newRatio = metric * ready / (targetPct * (ready + unready));
    if (Math.abs(1.0 - newRatio) <= TOLERANCE || newRatio < 1.0) {
      return current; // too small a change, or the direction would flip
    }
    int replicas = (int) Math.ceil(newRatio * (ready + unready));
    return replicas < current ? current : replicas;
  }

  private int stabilize(long now, int current, int proposal) {
    int up = proposal;
    int down = proposal;
    for (Stamped r : recommendations) {
      if (r.at() > now - UP_STABILIZATION_SECONDS) {
        up = Math.min(up, r.value());
      }
      if (r.at() > now - DOWN_STABILIZATION_SECONDS) {
        down = Math.max(down, r.value());
      }
    }
    recommendations.addLast(new Stamped(now, proposal));
    while (recommendations.peekFirst().at() <= now - DOWN_STABILIZATION_SECONDS) {
      recommendations.removeFirst();
    }
    int recommendation = current;
    if (recommendation < up) {
      recommendation = up;
    }
    if (recommendation > down) {
      recommendation = down;
    }
    return recommendation;
  }

  private int limitRate(long now, int current, int desired) {
    prune(scaleUps, now);
    prune(scaleDowns, now);
    int added = sum(scaleUps);
    int deleted = sum(scaleDowns);
    int periodStart = current - added + deleted;
    if (desired > current) {
      int byPercent = (int) Math.ceil(periodStart * 2.0); // +100 %
      int byPods = periodStart + 4;
      int limit = Math.max(current, Math.max(byPercent, byPods)); // selectPolicy Max
      return Math.min(desired, limit);
    }
    if (desired < current) {
      int limit = Math.min(current, (int) (periodStart * (1 - 1.0))); // −100 %
      return Math.max(desired, limit);
    }
    return desired;
  }

  private static void prune(Deque<Stamped> events, long now) {
    while (!events.isEmpty() && events.peekFirst().at() <= now - RATE_PERIOD_SECONDS) {
      events.removeFirst();
    }
  }

  private static int sum(Deque<Stamped> events) {
    return events.stream().mapToInt(Stamped::value).sum();
  }
}
