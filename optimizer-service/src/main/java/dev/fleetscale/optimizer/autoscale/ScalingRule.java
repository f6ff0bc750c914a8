package dev.fleetscale.optimizer.autoscale;

import java.time.Duration;
import java.util.Objects;

/**
 * One step policy, as in Kubernetes HPA's {@code behavior.scaleUp.policies}: within any {@code
 * period}, change the replica count by at most {@code value} replicas ({@link Kind#PODS}) or
 * {@code value} percent of the count at the start of the period ({@link Kind#PERCENT}).
 *
 * @param kind whether {@code value} counts replicas or percent
 * @param value the allowed change per period, above zero
 * @param period the sliding window the change is counted over, above zero
 */
public record ScalingRule(Kind kind, int value, Duration period) {

  /** What {@link #value} counts. */
  public enum Kind {
    PODS,
    PERCENT
  }

  public ScalingRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(period, "period");
    if (value <= 0) {
      throw new IllegalArgumentException("scaling rule value must be > 0, was " + value);
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("scaling rule period must be > 0, was " + period);
    }
  }

  public static ScalingRule pods(int value, Duration period) {
    return new ScalingRule(Kind.PODS, value, period);
  }

  public static ScalingRule percent(int value, Duration period) {
    return new ScalingRule(Kind.PERCENT, value, period);
  }

  /** Highest count allowed when scaling up from {@code periodStart} replicas. */
  int upperLimit(int periodStart) {
    return kind == Kind.PODS
        ? periodStart + value
        : (int) Math.ceil(periodStart * (1 + value / 100.0));
  }

  /** Lowest count allowed when scaling down from {@code periodStart} replicas. */
  int lowerLimit(int periodStart) {
    return kind == Kind.PODS
        ? periodStart - value
        : (int) Math.floor(periodStart * (1 - value / 100.0));
  }

  @Override
  public String toString() {
    return value + (kind == Kind.PODS ? " replicas" : "%") + " per " + period.toSeconds() + "s";
  }
}
