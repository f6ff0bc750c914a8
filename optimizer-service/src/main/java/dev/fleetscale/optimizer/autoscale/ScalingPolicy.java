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
 * @param predictiveLead when above zero, the autoscaler also looks at the metric's forecast at
 *     {@code now + predictiveLead} and scales for it if it is higher than what it observes now
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
    Duration predictiveLead) {

  public ScalingPolicy {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(predictiveLead, "predictiveLead");
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
        scaleDown, cooldown, predictiveLead);
  }

  public ScalingPolicy withScaleDown(ScalingBehavior behavior) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        behavior, cooldown, predictiveLead);
  }

  public ScalingPolicy withCooldown(Duration value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, value, predictiveLead);
  }

  public ScalingPolicy withPredictiveLead(Duration value) {
    return new ScalingPolicy(metric, target, tolerance, minReplicas, maxReplicas, scaleUp,
        scaleDown, cooldown, value);
  }

  public boolean predictive() {
    return !predictiveLead.isZero();
  }
}
