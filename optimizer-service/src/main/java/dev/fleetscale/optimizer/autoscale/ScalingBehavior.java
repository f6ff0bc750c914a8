package dev.fleetscale.optimizer.autoscale;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How fast one direction of scaling may go, as in HPA's {@code behavior.scaleUp} / {@code
 * behavior.scaleDown}.
 *
 * @param stabilizationWindow recommendations within this window are considered: scaling up takes
 *     the lowest of them, scaling down the highest, so a short spike or dip does not flap the pool
 * @param select which rule wins when several apply: {@link Select#MAX} allows the largest change
 *     (HPA's default), {@link Select#MIN} the smallest, {@link Select#DISABLED} forbids scaling in
 *     this direction
 * @param rules step policies; may be empty only when {@code select} is {@link Select#DISABLED}
 */
public record ScalingBehavior(Duration stabilizationWindow, Select select, List<ScalingRule> rules) {

  /** HPA's {@code selectPolicy}. */
  public enum Select {
    MAX,
    MIN,
    DISABLED
  }

  public ScalingBehavior {
    Objects.requireNonNull(stabilizationWindow, "stabilizationWindow");
    Objects.requireNonNull(select, "select");
    rules = List.copyOf(rules);
    if (stabilizationWindow.isNegative()) {
      throw new IllegalArgumentException("stabilization window must be >= 0");
    }
    if (rules.isEmpty() && select != Select.DISABLED) {
      throw new IllegalArgumentException("at least one scaling rule is needed unless DISABLED");
    }
  }

  /** HPA's default scale-up: no stabilization; at most +100 % or +4 replicas per 15 s. */
  public static ScalingBehavior defaultScaleUp() {
    return new ScalingBehavior(
        Duration.ZERO,
        Select.MAX,
        List.of(
            ScalingRule.percent(100, Duration.ofSeconds(15)),
            ScalingRule.pods(4, Duration.ofSeconds(15))));
  }

  /** HPA's default scale-down: 300 s stabilization; at most -100 % per 15 s. */
  public static ScalingBehavior defaultScaleDown() {
    return new ScalingBehavior(
        Duration.ofSeconds(300),
        Select.MAX,
        List.of(ScalingRule.percent(100, Duration.ofSeconds(15))));
  }

  Duration longestPeriod() {
    return rules.stream().map(ScalingRule::period).max(Duration::compareTo).orElse(Duration.ZERO);
  }
}
