package dev.fleetscale.optimizer.autoscale;

import java.time.Duration;
import java.util.Objects;

/**
 * Target tracking for one pool, with Kubernetes HPA semantics.
 *
 * @param metric the metric scaled on, a catalogue name such as {@code DCGM_FI_DEV_GPU_UTIL} or any
 *     workload metric the samples carry
 * @param target the metric's target value per replica, in the metric's unit (percent for
 *     utilizations), above zero
 * @param tolerance relative band around the target within which nothing changes (HPA: 0.1)
 * @param minReplicas lower bound, at least 1
 * @param maxReplicas upper bound, at least {@code minReplicas}
 * @param scaleUp how fast scaling up may go
 * @param scaleDown how fast scaling down may go
 * @param cooldown after any change, no further change for this long (zero: none); applies to every
 *     step in both directions
 * @param predictiveLead when above zero (predictive mode), the autoscaler scales for the demand it
 *     expects when a replica asked for now would be ready, {@code now + predictiveLead}: set it to
 *     the actuator's time to bring a replica in
 * @param predictiveQuantile predictive mode's expected demand is this quantile of the demand in the
 *     windows of the predictive history (0.95: a demand not exceeded in 95 % of recent windows),
 *     in (0, 1]
 * @param drainDelay the actuator's time to remove a replica (it serves until then); predictive
 *     mode holds a scale-down for the round trip {@code drainDelay + predictiveLead} when that is
 *     shorter than the scale-down stabilization window, >= 0
 */
public record ScalingPolicy(
    String metric,
    double target,
    double tolerance,
    int minReplicas,
    int maxReplicas,
    ScalingBehavior scaleUp,
    ScalingBehavior scaleDown,
    Duration cooldown,
    Duration predictiveLead,
    double predictiveQuantile,
    Duration drainDelay) {

  /** Predictive mode's quantile when none is configured. */
  public static final double DEFAULT_PREDICTIVE_QUANTILE = 0.95;

  /** The actuator's time to remove a replica when none is configured (a GPU host drains). */
  public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(30);

  /** A policy with the default predictive quantile and drain delay. */
  public ScalingPolicy(String metric, double target, double tolerance, int minReplicas,
      int maxReplicas, ScalingBehavior scaleUp, ScalingBehavior scaleDown, Duration cooldown,
      Duration predictiveLead) {
    this(metric, target, tolerance, minReplicas, maxReplicas, scaleUp, scaleDown, cooldown,
        predictiveLead, DEFAULT_PREDICTIVE_QUANTILE, DEFAULT_DRAIN_DELAY);
  }

  public ScalingPolicy {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(predictiveLead, "predictiveLead");
    Objects.requireNonNull(drainDelay, "drainDelay");
    if (!(target > 0)) {
      throw new IllegalArgumentException("target must be > 0, was " + target);
    }
    if (tolerance < 0 || tolerance >= 1) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
    }
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "need 1 <= minReplicas <= maxReplicas, was " + minReplicas + ".." + maxReplicas);
    }
    if (cooldown.isNegative() || predictiveLead.isNegative()) {
      throw new IllegalArgumentException("cooldown and predictiveLead must be >= 0");
    }
    if (!(predictiveQuantile > 0 && predictiveQuantile <= 1)) {
      throw new IllegalArgumentException("predictiveQuantile must be in (0, 1], was "
          + predictiveQuantile);
    }
    if (drainDelay.isNegative()) {
      throw new IllegalArgumentException("drainDelay must be >= 0, was " + drainDelay);
    }
  }

  /** HPA's defaults for everything but the metric, target and bounds; no cooldown, reactive. */
  public static ScalingPolicy hpaDefaults(String metric, double target, int min, int max) {
    return new ScalingPolicy(
        metric,
        target,
        0.1,
        min,
        max,
        ScalingBehavior.defaultScaleUp(),
        ScalingBehavior.defaultScaleDown(),
        Duration.ZERO,
        Duration.ZERO);
  }

  public ScalingPolicy withScaleUp(ScalingBehavior behavior) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, behavior,
        scaleDown, cooldown, predictiveLead, predictiveQuantile, drainDelay);
  }

  public ScalingPolicy withScaleDown(ScalingBehavior behavior) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        behavior, cooldown, predictiveLead, predictiveQuantile, drainDelay);
  }

  public ScalingPolicy withCooldown(Duration value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, value, predictiveLead, predictiveQuantile, drainDelay);
  }

  public ScalingPolicy withPredictiveLead(Duration value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, cooldown, value, predictiveQuantile, drainDelay);
  }

  public ScalingPolicy withPredictiveQuantile(double value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, cooldown, predictiveLead, value, drainDelay);
  }

  public ScalingPolicy withDrainDelay(Duration value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, cooldown, predictiveLead, predictiveQuantile, value);
  }

  public ScalingPolicy withTarget(double value) {
    return new ScalingPolicy(metric, value, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, cooldown, predictiveLead, predictiveQuantile, drainDelay);
  }

  /**
   * The scale-down stabilization window in force: the configured one, or in predictive mode the
   * actuation round trip {@code drainDelay + predictiveLead} when that is shorter. Why: a replica
   * removed now serves until {@code drainDelay}, and one asked for again serves only {@code
   * predictiveLead} later, so a dip shorter than the round trip cannot be used without a shortfall
   * when demand returns, and one longer can; predictive mode's quantile already remembers the
   * predictive history's peaks, so the longer window would only hold replicas nobody expects to
   * need.
   */
  public Duration scaleDownWindow() {
    Duration configured = scaleDown.stabilizationWindow();
    if (!predictive()) {
      return configured;
    }
    Duration roundTrip = drainDelay.plus(predictiveLead);
    return roundTrip.compareTo(configured) < 0 ? roundTrip : configured;
  }

  public boolean predictive() {
    return !predictiveLead.isZero();
  }
}
