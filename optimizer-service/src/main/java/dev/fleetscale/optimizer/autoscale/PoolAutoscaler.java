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
import java.util.OptionalInt;

/**
 * Target tracking for one pool with the Kubernetes HPA algorithm, on the pool's demand.
 *
 * <p><b>Entry point.</b> {@link #decide(ScalingInputs)} takes one window's inputs (time, replicas
 * ready, the observed metric, optionally a demand signal that can exceed capacity) and returns the
 * decision; nothing else is needed (no Kafka, planner, forecaster or ledger), so a replay harness
 * drives the autoscaler alone: build one per pool with {@link #PoolAutoscaler(String,
 * ScalingPolicy, Duration)}, call {@code decide} once per window in time order, and, where the
 * replay models an actuator, call {@link #reportPoolState} whenever the simulated pool's requested
 * or ready count changes. {@code PoolDecider} drives it the same way every 10 s window. The older
 * {@link #decide(Instant, int, double, OptionalDouble, Map)} still works: the caller's forecast of
 * the metric is read as demand spread over the current replicas.
 *
 * <p><b>Algorithm.</b> The autoscaler knows two counts: replicas <em>requested</em> (what it last
 * asked for, like HPA's {@code spec.replicas}; an actuator's report of what it has asked for
 * replaces that when it is newer) and replicas <em>ready</em> (online, what the metric is averaged
 * over). The pool's demand is {@code ready × usage}, usage being the observed metric or, when
 * given and higher, the demand signal beyond capacity; the raw recommendation is {@code
 * ceil(demand / target)}, unless {@code demand / (target × requested)} is within the tolerance of 1
 * or points the other way than {@code usage / target} (replicas starting count at 0, as HPA counts
 * unready pods on a scale-up): then it is the requested count. So a dip while a scale-up is
 * starting does not pull the request back. Then the stabilization windows (scale up to the lowest,
 * scale down to the highest recommendation within the window, starting from the requested count,
 * so a pending target keeps the recommendation that raised it for the scale-down window), the step
 * policies counted from the requested count at the start of each policy's period (a change is
 * counted once, when it is decided), one cooldown for every change, and the min/max bounds.
 *
 * <p><b>Predictive mode</b> ({@code predictiveLead} above zero, set to the actuator's time to bring
 * a replica in) scales for the demand it expects when a replica asked for now would be ready:
 * the {@code predictiveQuantile} of the demand ({@code ready × usage}, which does not jump when
 * capacity changes, unlike the utilization) over the windows of the predictive history ({@link
 * RecentDemand}), in place of the last window's demand, divided by the capacity that will be
 * online then, the requested replicas. A burst shorter than the lead is over before a replica
 * asked for it could serve, so it is not chased; a level that holds is in the quantile within a few
 * windows. Its scale-down stabilization is the actuation round trip, {@code drainDelay +
 * predictiveLead}, when that is shorter than the configured window ({@link
 * ScalingPolicy#scaleDownWindow}). The older entry point's caller-made forecast of the metric is
 * scaled for only when it is higher than the demand now, as before. <b>Saturation</b>: a utilization metric at 99 % or more, or a demand
 * signal above the observed value, is reported in the reason; with a demand signal the pool is
 * scaled from it, without one the decision says that its count is a lower bound.
 *
 * <p>Time is whatever the caller passes (the window end of the data the decision rests on), never
 * the wall clock, so a replay of the same windows gives the same decisions with the same ids.
 *
 * <p>Not thread-safe: one instance per pool, used by the thread that owns the pool.
 */
public final class PoolAutoscaler {

  /** How far back the demand forecast looks when the constructor is not told. */
  public static final Duration DEFAULT_PREDICTIVE_HISTORY = Duration.ofMinutes(10);

  /** Observations the demand forecast needs before it forecasts. */
  static final int FORECAST_MIN_POINTS = 6;

  /** A utilization at or above this share of 100 % counts as saturated. */
  static final double SATURATED_PERCENT = 99.0;

  private record Recommendation(Instant at, int replicas) {}

  private record ScaleEvent(Instant at, int change) {}

  /** An actuator's report; {@code applied} the decision time it reflects, null if not said. */
  private record PoolState(Instant at, int requested, int ready, Instant applied) {}

  private final String pool;
  private final ScalingPolicy policy;
  private final RecentDemand recentDemand;
  private final boolean percentMetric;
  private final Duration predictiveHistory;
  private final Deque<Recommendation> recommendations = new ArrayDeque<>();
  private final Deque<ScaleEvent> events = new ArrayDeque<>();
  private Instant lastChange;
  /** The last decision's time and desired count: the request, until an actuator reports. */
  private Instant lastDecisionAt;
  private Integer lastDesired;
  private PoolState reported;

  public PoolAutoscaler(String pool, ScalingPolicy policy) {
    this(pool, policy, DEFAULT_PREDICTIVE_HISTORY);
  }

  /**
   * @param predictiveHistory how far back the demand forecast of predictive mode looks (the
   *     optimizer's {@code autoscale.predictiveHistorySeconds}); >= 0 (zero: no forecast)
   */
  public PoolAutoscaler(String pool, ScalingPolicy policy, Duration predictiveHistory) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.policy = Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(predictiveHistory, "predictiveHistory");
    if (predictiveHistory.isNegative()) {
      throw new IllegalArgumentException(
          "predictiveHistory must be >= 0, was " + predictiveHistory);
    }
    this.recentDemand = new RecentDemand(predictiveHistory, FORECAST_MIN_POINTS);
    this.percentMetric = isPercent(policy.metric());
    this.predictiveHistory = predictiveHistory;
  }

  /**
   * Replays a decision made before a restart, so stabilization windows, rate limits, the cooldown
   * and the requested count continue where they were. Call in time order, before the first {@link
   * #decide}. The change is counted against the previous restored decision's desired count (the
   * request then), the first one's against {@code current}.
   *
   * @param at the decision's time
   * @param current replicas it saw
   * @param raw its raw recommendation (before stabilization and limits)
   * @param desired what it decided
   */
  public void restore(Instant at, int current, int raw, int desired) {
    restore(at, lastDesired != null ? lastDesired : current, current, raw, desired);
  }

  /**
   * Replays a decision made before a restart whose requested count is known (its {@code
   * replicas_requested}).
   *
   * @param requested the replicas requested when it was made, the count it scaled from
   */
  public void restore(Instant at, int requested, int current, int raw, int desired) {
    recommendations.addLast(new Recommendation(at, raw));
    if (desired != requested) {
      events.addLast(new ScaleEvent(at, desired - requested));
      lastChange = at;
    }
    lastDecisionAt = at;
    lastDesired = desired;
  }

  /**
   * The seam for an actuator's reported pool state (the fleet simulator, or a real actuator,
   * publishes it): the replicas it has requested and those ready. A report newer than the last
   * decision replaces that decision's desired count as the requested count the next decision
   * scales from (an actuator that could not get every host reports fewer). Until one reports, the
   * autoscaler takes the requested count from its own last decision. Reports older than the last
   * one are ignored.
   *
   * @param at when the actuator's state was this
   * @param requested replicas it has asked for, >= 0
   * @param ready replicas of them online, >= 0
   */
  public void reportPoolState(Instant at, int requested, int ready) {
    reportPoolState(at, requested, ready, null);
  }

  /**
   * An actuator's report that names the last decision it applied ({@code fleet.pool-state.v1}'s
   * {@code last_decided_at}). It replaces the last decision's desired count only when it reflects
   * that decision ({@code appliedDecisionAt} at or after it): a report sent before the latest
   * decision reached the actuator says nothing about that decision, and taking its requested
   * count would pull the decision back (and count the same change again on the next window).
   *
   * @param appliedDecisionAt the time of the last decision the actuator applied; null when the
   *     actuator does not say (then the report counts when {@code at} is after the last decision)
   */
  public void reportPoolState(Instant at, int requested, int ready, Instant appliedDecisionAt) {
    Objects.requireNonNull(at, "at");
    if (requested < 0) {
      throw new IllegalArgumentException("requested must be >= 0, was " + requested);
    }
    if (ready < 0) {
      throw new IllegalArgumentException("ready must be >= 0, was " + ready);
    }
    if (reported == null || !at.isBefore(reported.at())) {
      reported = new PoolState(at, requested, ready, appliedDecisionAt);
    }
  }

  /** Whether the actuator's report is the pool's request now (it reflects the last decision). */
  private boolean reportCurrent() {
    if (reported == null) {
      return false;
    }
    if (lastDecisionAt == null) {
      return true;
    }
    return reported.applied() != null ? !reported.applied().isBefore(lastDecisionAt)
        : reported.at().isAfter(lastDecisionAt);
  }

  /**
   * The count the next decision scales from: an actuator's report that reflects the last
   * decision, else the last decision's desired count; empty before either.
   */
  public OptionalInt requestedReplicas() {
    if (reportCurrent()) {
      return OptionalInt.of(reported.requested());
    }
    return lastDesired == null ? OptionalInt.empty() : OptionalInt.of(lastDesired);
  }

  /** How far back {@link #restore} needs decisions: the longest window or period of the policy. */
  public Duration memory() {
    return max(max(policy.scaleUp().stabilizationWindow(), policy.scaleDownWindow()),
        max(max(policy.scaleUp().longestPeriod(), policy.scaleDown().longestPeriod()),
            policy.cooldown()));
  }

  public ScalingPolicy policy() {
    return policy;
  }

  /**
   * Feeds a window's demand to the predictive forecast without deciding (a window the caller
   * does not decide on, e.g. while the pool's membership is not settled).
   */
  public void observe(ScalingInputs window) {
    recentDemand.observe(window.at(), demand(window));
  }

  /**
   * Decides the replica count for the pool from one window: the entry point for every caller.
   * In predictive mode the window's demand also feeds the forecast ({@link #observe} is implied).
   *
   * @param window the window's inputs; {@code window.at()} must not go backwards
   */
  public AutoscaleDecision decide(ScalingInputs window) {
    observe(window);
    OptionalDouble expected = policy.predictive()
        ? recentDemand.quantile(policy.predictiveQuantile())
        : OptionalDouble.empty();
    return decide(window, expected, true);
  }

  /**
   * Decides the replica count for the pool (the form before {@link #decide(ScalingInputs)}; kept
   * for existing callers).
   *
   * @param now the time of the data (window end); must not go backwards
   * @param current replicas the pool has online now, >= 0
   * @param observed the metric's pool average, in the metric's unit
   * @param forecast the metric's forecast at {@code now + policy.predictiveLead()}, read as that
   *     value over {@code current} replicas; ignored unless the policy is predictive; empty when
   *     there is no forecast yet
   * @param context further numbers to publish with the decision (window aggregates and such)
   */
  public AutoscaleDecision decide(
      Instant now, int current, double observed, OptionalDouble forecast,
      Map<String, Double> context) {
    ScalingInputs window = new ScalingInputs(now, current, observed, OptionalDouble.empty(),
        context);
    OptionalDouble forecastDemand = policy.predictive() && forecast.isPresent()
        ? OptionalDouble.of(forecast.getAsDouble() * current)
        : OptionalDouble.empty();
    return decide(window, forecastDemand, false);
  }

  /** The window's demand: ready replicas × usage (the higher of observed and offered). */
  private static double demand(ScalingInputs window) {
    return window.readyReplicas() * usage(window);
  }

  private static double usage(ScalingInputs window) {
    return Math.max(window.observed(), window.offered().orElse(0));
  }

  /**
   * @param forecastDemand the demand predictive mode scales for, empty when it has none
   * @param replacesDemand whether it replaces the demand now (the demand expected at the lead) or
   *     is scaled for only when higher (a caller's forecast through the older entry point)
   */
  private AutoscaleDecision decide(ScalingInputs window, OptionalDouble forecastDemand,
      boolean replacesDemand) {
    Instant now = window.at();
    int ready = window.readyReplicas();
    double observed = window.observed();
    Map<String, Double> inputs = new LinkedHashMap<>(window.context());
    List<String> limits = new ArrayList<>();

    OptionalInt fromReport = reportCurrent()
        ? OptionalInt.of(reported.requested()) : OptionalInt.empty();
    int requested = requestedReplicas().orElse(ready);
    if (requested == 0) {
      requested = ready;
    }
    inputs.put("current_replicas", (double) ready);
    inputs.put("replicas_ready", (double) ready);
    inputs.put("replicas_requested", (double) requested);
    if (fromReport.isPresent()) {
      inputs.put("reported_requested", (double) reported.requested());
      inputs.put("reported_ready", (double) reported.ready());
    }
    inputs.put("observed", observed);
    inputs.put("target", policy.target());

    double usage = usage(window);
    double demand = ready * usage;
    inputs.put("demand", demand);
    window.offered().ifPresent(o -> inputs.put("offered", o));
    boolean demandAboveObserved = window.offered().isPresent()
        && window.offered().getAsDouble() > observed * (1 + 1e-9) + 1e-9;
    boolean atCeiling = percentMetric && observed >= SATURATED_PERCENT;
    boolean saturated = demandAboveObserved || atCeiling;
    inputs.put("saturated", saturated ? 1.0 : 0.0);

    ScalingMode mode = ScalingMode.REACTIVE;
    double scaled = demand; // the demand the pool is scaled for
    int base = ready; // the replicas the usage shown in the reason is spread over
    double shown = usage;
    if (policy.predictive() && forecastDemand.isPresent()) {
      double atLead = forecastDemand.getAsDouble();
      inputs.put("forecast_demand_at_lead", atLead);
      inputs.put("forecast_at_lead", requested > 0 ? atLead / requested : 0);
      inputs.put("lead_seconds", (double) policy.predictiveLead().toSeconds());
      if (replacesDemand) {
        inputs.put("predictive_quantile", policy.predictiveQuantile());
      }
      boolean differs = Math.abs(atLead - demand) > 1e-9 * Math.max(1, demand);
      if (requested > 0 && (replacesDemand ? differs : atLead > demand)) {
        mode = ScalingMode.PREDICTIVE;
        scaled = atLead;
        base = requested;
        shown = atLead / requested;
      }
    }

    double ratio = base > 0 ? shown / policy.target() : 0;
    double requestedRatio = requested > 0 ? scaled / (policy.target() * requested) : 0;
    inputs.put("usage_ratio", ratio);
    inputs.put("requested_ratio", requestedRatio);
    String what = mode == ScalingMode.PREDICTIVE && replacesDemand
        ? String.format(Locale.ROOT, "expected %.1f (p%s of the demand over the last %ds, for"
            + " +%ds, over %d requested)", shown, quantileName(policy.predictiveQuantile()),
            predictiveHistorySeconds(), policy.predictiveLead().toSeconds(), requested)
        : mode == ScalingMode.PREDICTIVE
        ? String.format(Locale.ROOT, "forecast %.1f (demand at +%ds over %d requested)", shown,
            policy.predictiveLead().toSeconds(), requested)
        : demandAboveObserved
            ? String.format(Locale.ROOT, "saturated: demand %.1f above observed %.1f", usage,
                observed)
            : String.format(Locale.ROOT, "observed %.1f", usage);
    int raw;
    String why;
    if (ready == 0) {
      // HPA leaves a workload scaled to zero alone; we bring it back to its minimum.
      raw = Math.max(requested, policy.minReplicas());
      why = "pool has no ready replicas";
    } else if (Math.abs(requestedRatio - 1) <= policy.tolerance()) {
      raw = requested;
      why = ready == requested || mode == ScalingMode.PREDICTIVE
          ? String.format(Locale.ROOT, "%s is within %.0f%% of target %.1f", what,
              policy.tolerance() * 100, policy.target())
          : String.format(Locale.ROOT, "%s × %d ready / %d requested = %.1f is within %.0f%% of"
              + " target %.1f", what, ready, requested, scaled / requested,
              policy.tolerance() * 100, policy.target());
    } else if ((ratio > 1) != (requestedRatio > 1)) {
      raw = requested;
      why = requested > ready
          ? String.format(Locale.ROOT, "%s vs target %.1f on %d ready, but %d requested replicas"
              + " still starting (counted at 0) cover it", what, policy.target(), ready,
              requested - ready)
          : String.format(Locale.ROOT, "%s vs target %.1f on %d ready, but %d replicas being"
              + " removed are not needed", what, policy.target(), ready, ready - requested);
    } else {
      raw = (int) Math.ceil(base * ratio);
      why = String.format(Locale.ROOT, "%s vs target %.1f gives ceil(%d × %.3f) = %d",
          what, policy.target(), base, ratio, raw);
    }
    if (atCeiling && !demandAboveObserved) {
      why += String.format(Locale.ROOT, "; saturated at %.1f with no demand signal beyond"
          + " capacity, so the demand and this count are lower bounds", observed);
    }
    inputs.put("raw_recommendation", (double) raw);

    recommendations.addLast(new Recommendation(now, raw));
    prune(now);

    int desired = stabilize(now, requested, raw, limits);
    desired = limitRate(now, requested, desired, limits);
    if (desired != requested && lastChange != null
        && now.isBefore(lastChange.plus(policy.cooldown()))) {
      limits.add("cooldown=" + policy.cooldown().toSeconds() + "s");
      desired = requested;
    }
    if (desired > policy.maxReplicas()) {
      limits.add("max_replicas=" + policy.maxReplicas());
      desired = policy.maxReplicas();
    } else if (desired < policy.minReplicas()) {
      limits.add("min_replicas=" + policy.minReplicas());
      desired = policy.minReplicas();
    }
    if (desired != requested) {
      events.addLast(new ScaleEvent(now, desired - requested));
      lastChange = now;
    }
    lastDecisionAt = now;
    lastDesired = desired;

    String counts = ready == requested ? "" : " (" + ready + " ready)";
    String reason = (desired == requested ? "hold at " + requested : "scale " + requested + " → "
        + desired) + counts + ": " + why + (limits.isEmpty() ? "" : "; limited by "
        + String.join(", ", limits));
    return new AutoscaleDecision(
        EventIds.nameBased("autoscale", pool, now).toString(), pool, now, mode, ready, desired,
        policy.metric(), observed, policy.target(), inputs, reason, limits, requested, ready);
  }

  private long predictiveHistorySeconds() {
    return predictiveHistory.toSeconds();
  }

  /** 0.95 → "95", 0.995 → "99.5". */
  private static String quantileName(double q) {
    return java.math.BigDecimal.valueOf(q * 100).stripTrailingZeros().toPlainString();
  }

  /** Utilization metrics (percent of a device): they cannot show demand beyond 100. */
  static boolean isPercent(String metric) {
    String m = metric.toUpperCase(Locale.ROOT);
    return m.endsWith("_UTIL") || m.endsWith("_PCT") || m.endsWith("_PERCENT");
  }

  /** Stabilization from the requested count {@code current}. */
  private int stabilize(Instant now, int current, int raw, List<String> limits) {
    int upRecommendation = Integer.MAX_VALUE;
    int downRecommendation = Integer.MIN_VALUE;
    Instant upFrom = now.minus(policy.scaleUp().stabilizationWindow());
    Instant downFrom = now.minus(policy.scaleDownWindow());
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
          + (down ? policy.scaleDownWindow() : behavior.stabilizationWindow()).toSeconds() + "s");
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
    Duration keep = max(policy.scaleUp().stabilizationWindow(), policy.scaleDownWindow());
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
