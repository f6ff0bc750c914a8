package dev.fleetscale.optimizer.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the behaviours the Kubernetes HPA documentation describes (algorithm details,
 * stabilization window, scaling policies) on a fake clock: every decision gets the time the test
 * says, never the wall clock.
 */
class PoolAutoscalerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String GPU_UTIL = "DCGM_FI_DEV_GPU_UTIL";

  private Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static AutoscaleDecision decide(PoolAutoscaler scaler, Instant now, int current,
      double observed) {
    return scaler.decide(now, current, observed, OptionalDouble.empty(), Map.of());
  }

  @Test
  void desiredIsCeilOfCurrentTimesRatio() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));

    // HPA docs: current 200m, target 100m -> double the replicas.
    AutoscaleDecision decision = decide(scaler, at(0), 3, 100);

    assertThat(decision.desiredReplicas()).isEqualTo(6);
    assertThat(decision.reason()).contains("ceil(3 × 2.000) = 6");
    assertThat(decision.inputs()).containsEntry("observed", 100.0).containsEntry("target", 50.0);
  }

  @Test
  void noChangeWithinTenPercentTolerance() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));

    AutoscaleDecision inside = decide(scaler, at(0), 4, 54.9);
    AutoscaleDecision outside = decide(scaler, at(15), 4, 56);

    assertThat(inside.desiredReplicas()).isEqualTo(4);
    assertThat(inside.reason()).contains("within 10% of target");
    assertThat(outside.desiredReplicas()).isEqualTo(5); // ceil(4 × 1.12)
  }

  @Test
  void scaleUpIsImmediateWithZeroStabilization() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));

    decide(scaler, at(0), 4, 50);
    AutoscaleDecision spike = decide(scaler, at(10), 4, 75);

    assertThat(spike.desiredReplicas()).isEqualTo(6);
    assertThat(spike.limitsApplied()).isEmpty();
  }

  @Test
  void scaleDownUsesHighestRecommendationOfTheLast300Seconds() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));

    decide(scaler, at(0), 10, 50); // recommends 10
    AutoscaleDecision dip = decide(scaler, at(60), 10, 25); // recommends 5
    AutoscaleDecision bump = decide(scaler, at(120), 10, 40); // recommends 8
    AutoscaleDecision stillHeld = decide(scaler, at(299), 10, 25);
    AutoscaleDecision afterFirstExpired = decide(scaler, at(301), 10, 25);
    AutoscaleDecision stillFive = decide(scaler, at(421), 8, 25); // 5s from t=299/301 in window
    AutoscaleDecision afterAllExpired = decide(scaler, at(602), 5, 25);

    assertThat(dip.desiredReplicas()).isEqualTo(10);
    assertThat(dip.limitsApplied()).containsExactly("scale_down_stabilization=300s");
    assertThat(bump.desiredReplicas()).isEqualTo(10);
    assertThat(stillHeld.desiredReplicas()).isEqualTo(10);
    assertThat(afterFirstExpired.desiredReplicas()).isEqualTo(8); // 8 from t=120 still in window
    assertThat(stillFive.desiredReplicas()).isEqualTo(5);
    // ceil(5 × 0.5) = 3 now, but t=421 recommended ceil(8 × 0.5) = 4 and is still in the window
    assertThat(afterAllExpired.desiredReplicas()).isEqualTo(4);
  }

  @Test
  void scaleUpStabilizationTakesLowestRecommendationInWindow() {
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100)
        .withScaleUp(new ScalingBehavior(Duration.ofSeconds(60), ScalingBehavior.Select.MAX,
            ScalingBehavior.defaultScaleUp().rules()));
    var scaler = new PoolAutoscaler("p", policy);

    decide(scaler, at(0), 4, 50); // 4
    AutoscaleDecision spike = decide(scaler, at(10), 4, 100); // raw 8, lowest in window 4
    AutoscaleDecision sustained = decide(scaler, at(61), 4, 100); // the 4 at t=0 has expired

    assertThat(spike.desiredReplicas()).isEqualTo(4);
    assertThat(spike.limitsApplied()).containsExactly("scale_up_stabilization=60s");
    assertThat(sustained.desiredReplicas()).isEqualTo(8);
  }

  @Test
  void defaultScaleUpAllowsTheLargerOfDoubleOrFourMorePer15Seconds() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 10, 1, 1000));

    AutoscaleDecision first = decide(scaler, at(0), 2, 100); // wants 20; max(2×2, 2+4) = 6
    AutoscaleDecision sameperiod = decide(scaler, at(10), 6, 100); // period began at 2: still 6
    AutoscaleDecision nextPeriod = decide(scaler, at(15), 6, 100); // max(12, 10) = 12

    assertThat(first.desiredReplicas()).isEqualTo(6);
    assertThat(first.limitsApplied()).anyMatch(l -> l.startsWith("scale_up_rate="));
    assertThat(sameperiod.desiredReplicas()).isEqualTo(6);
    assertThat(nextPeriod.desiredReplicas()).isEqualTo(12);
  }

  @Test
  void scaleDownPolicyLimitsReplicasRemovedPerPeriod() {
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100)
        .withScaleDown(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.MAX,
            List.of(ScalingRule.pods(4, Duration.ofSeconds(60)))));
    var scaler = new PoolAutoscaler("p", policy);

    AutoscaleDecision first = decide(scaler, at(0), 20, 5); // wants 2; at most 4 fewer
    AutoscaleDecision within = decide(scaler, at(30), 16, 5);
    AutoscaleDecision after = decide(scaler, at(61), 16, 5);

    assertThat(first.desiredReplicas()).isEqualTo(16);
    assertThat(within.desiredReplicas()).isEqualTo(16);
    assertThat(after.desiredReplicas()).isEqualTo(12);
  }

  @Test
  void disabledScaleDownNeverRemovesReplicas() {
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100)
        .withScaleDown(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.DISABLED,
            List.of()));
    var scaler = new PoolAutoscaler("p", policy);

    assertThat(decide(scaler, at(0), 10, 5).desiredReplicas()).isEqualTo(10);
  }

  @Test
  void boundsClampTheResult() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 2, 5));

    AutoscaleDecision high = decide(scaler, at(0), 4, 100);
    var other = new PoolAutoscaler("q", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 2, 5)
        .withScaleDown(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.MAX,
            ScalingBehavior.defaultScaleDown().rules())));
    AutoscaleDecision low = decide(other, at(0), 4, 1);

    assertThat(high.desiredReplicas()).isEqualTo(5);
    assertThat(high.limitsApplied()).contains("max_replicas=5");
    assertThat(low.desiredReplicas()).isEqualTo(2);
    assertThat(low.limitsApplied()).contains("min_replicas=2");
  }

  @Test
  void cooldownBlocksEveryStepAfterAChange() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100)
        .withCooldown(Duration.ofSeconds(120)));

    AutoscaleDecision first = decide(scaler, at(0), 4, 75);
    AutoscaleDecision blocked = decide(scaler, at(60), 6, 100);
    AutoscaleDecision free = decide(scaler, at(120), 6, 100);

    assertThat(first.desiredReplicas()).isEqualTo(6);
    assertThat(blocked.desiredReplicas()).isEqualTo(6);
    assertThat(blocked.limitsApplied()).contains("cooldown=120s");
    assertThat(free.desiredReplicas()).isEqualTo(12);
  }

  @Test
  void predictiveModeScalesForTheForecastAtLeadTime() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100)
        .withPredictiveLead(Duration.ofMinutes(5)));

    AutoscaleDecision ahead = scaler.decide(at(0), 4, 50, OptionalDouble.of(100), Map.of());
    AutoscaleDecision forecastLower =
        scaler.decide(at(15), 8, 50, OptionalDouble.of(20), Map.of());

    assertThat(ahead.mode()).isEqualTo(ScalingMode.PREDICTIVE);
    assertThat(ahead.desiredReplicas()).isEqualTo(8);
    assertThat(ahead.inputs()).containsEntry("forecast_at_lead", 100.0);
    assertThat(ahead.reason()).contains("forecast 100.0");
    assertThat(forecastLower.mode()).isEqualTo(ScalingMode.REACTIVE);
  }

  @Test
  void decisionIdDependsOnlyOnPoolAndTime() {
    var a = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));
    var b = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100));

    assertThat(decide(a, at(0), 4, 50).decisionId())
        .isEqualTo(decide(b, at(0), 4, 90).decisionId())
        .isNotEqualTo(decide(b, at(10), 4, 90).decisionId());
  }

  @Test
  void restoredHistoryDecidesLikeAnUninterruptedAutoscaler() {
    ScalingPolicy policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 50, 1, 100);
    var uninterrupted = new PoolAutoscaler("p", policy);
    var restarted = new PoolAutoscaler("p", policy);
    for (int t = 0; t <= 100; t += 10) {
      AutoscaleDecision d = decide(uninterrupted, at(t), 10, t < 50 ? 50 : 10);
      restarted.restore(d.decidedAt(), d.currentReplicas(),
          d.inputs().get("raw_recommendation").intValue(), d.desiredReplicas());
    }
    var fresh = new PoolAutoscaler("p", policy);

    AutoscaleDecision expected = decide(uninterrupted, at(110), 10, 10);
    AutoscaleDecision resumed = decide(restarted, at(110), 10, 10);
    AutoscaleDecision blank = decide(fresh, at(110), 10, 10);

    assertThat(resumed).isEqualTo(expected);
    assertThat(resumed.desiredReplicas()).isEqualTo(10); // held by the 300 s window
    assertThat(blank.desiredReplicas()).isEqualTo(2); // what a restart without history would do
    assertThat(policy.scaleDown().stabilizationWindow()).isLessThanOrEqualTo(fresh.memory());
  }
}
