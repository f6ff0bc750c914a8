package dev.fleetscale.optimizer.autoscale;

import dev.fleetscale.contracts.EventIds;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Target tracking for one pool with the Kubernetes HPA algorithm: {@code desired = ceil(current ×
 * observed / target)} unless {@code observed / target} is within the tolerance of 1; then the
 * stabilization windows (scale up to the lowest, scale down to the highest recommendation within
 * the window), the step policies counted from the replica count at the start of each policy's
 * period, one cooldown for every change, and the min/max bounds.
 *
 * <p>Time is whatever the caller passes (the window end of the data the decision rests on), never
 * the wall clock, so a replay of the same windows gives the same decisions with the same ids.
 *
 * <p>Not thread-safe: one instance per pool, used by the thread that owns the pool.
 */
public final class PoolAutoscaler {

  private record Recommendation(Instant at, int replicas) {}

  private record ScaleEvent(Instant at, int change) {}

  private final String pool;
  private final ScalingPolicy policy;
  private final Deque<Recommendation> recommendations = new ArrayDeque<>();
  private final Deque<ScaleEvent> events = new ArrayDeque<>();
  private Instant lastChange;

  public PoolAutoscaler(String pool, ScalingPolicy policy) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Replays a decision made before a restart, so stabilization windows, rate limits and the
   * cooldown continue where they were. Call in time order, before the first {@link #decide}.
   *
   * @param at the decision's time
   * @param current replicas it saw
   * @param raw its raw recommendation (before stabilization and limits)
   * @param desired what it decided
   */
  public void restore(Instant at, int current, int raw, int desired) {
    recommendations.addLast(new Recommendation(at, raw));
    if (desired != current) {
      events.addLast(new ScaleEvent(at, desired - current));
      lastChange = at;
    }
  }

  /** How far back {@link #restore} needs decisions: the longest window or period of the policy. */
  public Duration memory() {
    return max(max(policy.scaleUp().stabilizationWindow(), policy.scaleDown().stabilizationWindow()),
        max(max(policy.scaleUp().longestPeriod(), policy.scaleDown().longestPeriod()),
            policy.cooldown()));
  }

  public ScalingPolicy policy() {
    return policy;
  }

  /**
   * Decides the replica count for the pool.
   *
   * @param now the time of the data (window end); must not go backwards
   * @param current replicas the pool has now, >= 0
   * @param observed the metric's pool average, in the metric's unit
   * @param forecast the metric's forecast at {@code now + policy.predictiveLead()}; ignored unless
   *     the policy is predictive; empty when there is no forecast yet
   * @param context further numbers to publish with the decision (window aggregates and such)
   */
  public AutoscaleDecision decide(
      Instant now, int current, double observed, OptionalDouble forecast,
      Map<String, Double> context) {
    Map<String, Double> inputs = new LinkedHashMap<>(context);
    List<String> limits = new ArrayList<>();
    inputs.put("current_replicas", (double) current);
    inputs.put("observed", observed);
    inputs.put("target", policy.target());

    double usage = observed;
    ScalingMode mode = ScalingMode.REACTIVE;
    if (policy.predictive() && forecast.isPresent()) {
      inputs.put("forecast_at_lead", forecast.getAsDouble());
      inputs.put("lead_seconds", (double) policy.predictiveLead().toSeconds());
      if (forecast.getAsDouble() > observed) {
        usage = forecast.getAsDouble();
        mode = ScalingMode.PREDICTIVE;
      }
    }

    double ratio = usage / policy.target();
    inputs.put("usage_ratio", ratio);
    int raw;
    String why;
    if (current == 0) {
      // HPA leaves a workload scaled to zero alone; we bring it back to its minimum.
      raw = policy.minReplicas();
      why = "pool has no replicas";
    } else if (Math.abs(ratio - 1) <= policy.tolerance()) {
      raw = current;
      why = String.format(Locale.ROOT, "%s %.1f is within %.0f%% of target %.1f",
          label(mode), usage, policy.tolerance() * 100, policy.target());
    } else {
      raw = (int) Math.ceil(current * ratio);
      why = String.format(Locale.ROOT, "%s %.1f vs target %.1f gives ceil(%d × %.3f) = %d",
          label(mode), usage, policy.target(), current, ratio, raw);
    }
    inputs.put("raw_recommendation", (double) raw);

    recommendations.addLast(new Recommendation(now, raw));
    prune(now);

    int desired = stabilize(now, current, raw, limits);
    desired = limitRate(now, current, desired, limits);
    if (desired != current && lastChange != null
        && now.isBefore(lastChange.plus(policy.cooldown()))) {
      limits.add("cooldown=" + policy.cooldown().toSeconds() + "s");
      desired = current;
    }
    if (desired > policy.maxReplicas()) {
      limits.add("max_replicas=" + policy.maxReplicas());
      desired = policy.maxReplicas();
    } else if (desired < policy.minReplicas()) {
      limits.add("min_replicas=" + policy.minReplicas());
      desired = policy.minReplicas();
    }
    if (desired != current) {
      events.addLast(new ScaleEvent(now, desired - current));
      lastChange = now;
    }

    String reason = (desired == current ? "hold at " + current : "scale " + current + " → "
        + desired) + ": " + why + (limits.isEmpty() ? "" : "; limited by " + String.join(", ",
        limits));
    return new AutoscaleDecision(
        EventIds.nameBased("autoscale", pool, now).toString(), pool, now, mode, current, desired,
        policy.metric(), observed, policy.target(), inputs, reason, limits);
  }

  private static String label(ScalingMode mode) {
    return mode == ScalingMode.PREDICTIVE ? "forecast" : "observed";
  }

  private int stabilize(Instant now, int current, int raw, List<String> limits) {
    int upRecommendation = Integer.MAX_VALUE;
    int downRecommendation = Integer.MIN_VALUE;
    Instant upFrom = now.minus(policy.scaleUp().stabilizationWindow());
    Instant downFrom = now.minus(policy.scaleDown().stabilizationWindow());
    for (Recommendation r : recommendations) {
      if (!r.at().isBefore(upFrom)) {
        upRecommendation = Math.min(upRecommendation, r.replicas());
      }
      if (!r.at().isBefore(downFrom)) {
        downRecommendation = Math.max(downRecommendation, r.replicas());
      }
    }
    int stabilized = current;
    if (stabilized < upRecommendation) {
      stabilized = upRecommendation;
    }
    if (stabilized > downRecommendation) {
      stabilized = downRecommendation;
    }
    if (stabilized != raw) {
      boolean down = raw < stabilized;
      ScalingBehavior behavior = down ? policy.scaleDown() : policy.scaleUp();
      limits.add((down ? "scale_down" : "scale_up") + "_stabilization="
          + behavior.stabilizationWindow().toSeconds() + "s");
    }
    return stabilized;
  }

  private int limitRate(Instant now, int current, int desired, List<String> limits) {
    if (desired > current) {
      ScalingBehavior up = policy.scaleUp();
      if (up.select() == ScalingBehavior.Select.DISABLED) {
        limits.add("scale_up_disabled");
        return current;
      }
      int limit = up.select() == ScalingBehavior.Select.MAX ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      for (ScalingRule rule : up.rules()) {
        int periodStart = current - changeWithin(now, rule.period(), true);
        int ruleLimit = rule.upperLimit(periodStart);
        limit = up.select() == ScalingBehavior.Select.MAX
            ? Math.max(limit, ruleLimit) : Math.min(limit, ruleLimit);
      }
      if (desired > limit) {
        limits.add("scale_up_rate=" + describe(up));
        return Math.max(current, limit);
      }
    } else if (desired < current) {
      ScalingBehavior down = policy.scaleDown();
      if (down.select() == ScalingBehavior.Select.DISABLED) {
        limits.add("scale_down_disabled");
        return current;
      }
      int limit = down.select() == ScalingBehavior.Select.MAX ? Integer.MAX_VALUE
          : Integer.MIN_VALUE;
      for (ScalingRule rule : down.rules()) {
        int periodStart = current - changeWithin(now, rule.period(), false);
        int ruleLimit = rule.lowerLimit(periodStart);
        limit = down.select() == ScalingBehavior.Select.MAX
            ? Math.min(limit, ruleLimit) : Math.max(limit, ruleLimit);
      }
      if (desired < limit) {
        limits.add("scale_down_rate=" + describe(down));
        return Math.min(current, limit);
      }
    }
    return desired;
  }

  private static String describe(ScalingBehavior behavior) {
    return behavior.select().name().toLowerCase(Locale.ROOT) + behavior.rules();
  }

  /** Sum of the scale-up (or scale-down) changes made within {@code period} before now. */
  private int changeWithin(Instant now, Duration period, boolean up) {
    Instant from = now.minus(period);
    int sum = 0;
    for (ScaleEvent e : events) {
      if (e.at().isAfter(from) && (e.change() > 0) == up) {
        sum += e.change();
      }
    }
    return sum;
  }

  private void prune(Instant now) {
    Duration keep = max(policy.scaleUp().stabilizationWindow(),
        policy.scaleDown().stabilizationWindow());
    while (recommendations.peekFirst().at().isBefore(now.minus(keep))) {
      recommendations.removeFirst();
    }
    Duration keepEvents = max(policy.scaleUp().longestPeriod(), policy.scaleDown().longestPeriod());
    while (!events.isEmpty() && !events.peekFirst().at().isAfter(now.minus(keepEvents))) {
      events.removeFirst();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
