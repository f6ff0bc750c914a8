package dev.fleetscale.optimizer.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  // --- Defects a replay on a GPU demand trace found (issue 11) ---

  @Test
  void aDipWhileAScaleUpIsStartingDoesNotPullTheRequestBack() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));

    AutoscaleDecision up = decide(scaler, at(0), 6, 100); // ceil(6 × 100 / 70) = 9
    // The 3 new hosts take 90 s to start: 6 are ready, and the load dips.
    AutoscaleDecision dip = decide(scaler, at(10), 6, 60);
    AutoscaleDecision back = decide(scaler, at(20), 6, 80);
    AutoscaleDecision full = decide(scaler, at(30), 6, 100);

    assertThat(up.desiredReplicas()).isEqualTo(9);
    assertThat(dip.replicasRequested()).isEqualTo(9);
    assertThat(dip.replicasReady()).isEqualTo(6);
    assertThat(dip.desiredReplicas()).as(dip.reason()).isEqualTo(9); // today: 6, a pull-back
    assertThat(dip.limitsApplied()).containsExactly("scale_down_stabilization=300s");
    // 80 % on the 6 ready is above target, but the 3 starting cover it (HPA counts them at 0).
    assertThat(back.desiredReplicas()).isEqualTo(9);
    assertThat(back.reason()).startsWith("hold at 9 (6 ready)").contains("still starting");
    // 600 % of a host over the 9 requested is 66.7 %: within the tolerance, no new step.
    assertThat(full.desiredReplicas()).isEqualTo(9);
    assertThat(full.reason()).contains("× 6 ready / 9 requested = 66.7 is within 10% of target");
  }

  @Test
  void aChangeIsCountedOnceWhenDecidedNotAgainEveryWindowUntilItLands() {
    // At most 10 more replicas per 60 s.
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 10, 1, 100)
        .withScaleUp(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.MAX,
            List.of(ScalingRule.pods(10, Duration.ofSeconds(60)))));
    var scaler = new PoolAutoscaler("p", policy);

    AutoscaleDecision first = decide(scaler, at(0), 2, 30); // 2 → 6: +4 of the 10
    decide(scaler, at(10), 2, 30); // still 2 ready
    AutoscaleDecision third = decide(scaler, at(20), 2, 30);
    AutoscaleDecision rise = decide(scaler, at(30), 2, 60); // wants ceil(2 × 6) = 12: +6 more

    assertThat(first.desiredReplicas()).isEqualTo(6);
    // Today the +4 is counted again each window, the 10 per 60 s is used up and the request
    // falls back (4, then 2).
    assertThat(third.desiredReplicas()).as(third.reason()).isEqualTo(6);
    assertThat(third.limitsApplied()).isEmpty();
    assertThat(rise.desiredReplicas()).as(rise.reason()).isEqualTo(12);
    assertThat(rise.limitsApplied()).isEmpty();
    assertThat(rise.reason()).startsWith("scale 6 → 12 (2 ready)");
  }

  @Test
  void theStepLimitStillBindsOnTheChangesActuallyDecided() {
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 10, 1, 100)
        .withScaleUp(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.MAX,
            List.of(ScalingRule.pods(10, Duration.ofSeconds(60)))));
    var scaler = new PoolAutoscaler("p", policy);

    decide(scaler, at(0), 2, 30); // +4
    AutoscaleDecision limited = decide(scaler, at(10), 2, 100); // wants 20; 2 + 10 = 12 at most
    AutoscaleDecision nextPeriod = decide(scaler, at(60), 2, 100); // the +4 has left the period

    assertThat(limited.desiredReplicas()).isEqualTo(12);
    assertThat(limited.limitsApplied()).anyMatch(l -> l.startsWith("scale_up_rate="));
    assertThat(nextPeriod.desiredReplicas()).isEqualTo(16); // 6 + 10: only the +6 still counts
  }

  @Test
  void aReportCountsOnlyWhenItReflectsTheLastDecision() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));
    decide(scaler, at(0), 6, 100); // asks for 9
    // Sent after the decision's window but before the decision reached the actuator: it still
    // names no decision newer than the one before, so it must not pull the 9 back to 6.
    scaler.reportPoolState(at(5), 6, 6, at(-10));
    assertThat(scaler.requestedReplicas()).hasValue(9);
    AutoscaleDecision held = decide(scaler, at(10), 6, 100);
    assertThat(held.replicasRequested()).isEqualTo(9);
    assertThat(held.inputs()).doesNotContainKey("reported_requested");
    assertThat(held.desiredReplicas()).isEqualTo(9); // no second +3 counted against the limits

    // The actuator applied the decision at 10 s and found 8 hosts: the next decision scales from 8.
    scaler.reportPoolState(at(12), 8, 6, at(10));
    AutoscaleDecision next = decide(scaler, at(20), 6, 100);
    assertThat(next.replicasRequested()).isEqualTo(8);
    assertThat(next.inputs()).containsEntry("reported_requested", 8.0);
  }

  @Test
  void anActuatorsReportReplacesTheLastDecisionAsTheRequestedCount() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));
    scaler.reportPoolState(at(-5), 6, 6); // older than the decision below: superseded by it

    decide(scaler, at(0), 6, 100); // asks for 9
    assertThat(scaler.requestedReplicas()).hasValue(9);
    scaler.reportPoolState(at(5), 7, 6); // the actuator found one spare host only
    AutoscaleDecision next = decide(scaler, at(20), 6, 100);

    assertThat(next.replicasRequested()).isEqualTo(7);
    assertThat(next.inputs()).containsEntry("reported_requested", 7.0)
        .containsEntry("reported_ready", 6.0);
    assertThat(next.reason()).startsWith("scale 7 → 9 (6 ready)");
    assertThatThrownBy(() -> scaler.reportPoolState(at(30), -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requested must be >= 0");
  }

  @Test
  void predictiveModeForecastsDemandSoALandedScaleDownIsNotARise() {
    var policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100)
        .withScaleDown(new ScalingBehavior(Duration.ZERO, ScalingBehavior.Select.MAX,
            ScalingBehavior.defaultScaleDown().rules()))
        .withPredictiveLead(Duration.ofSeconds(120));
    var scaler = new PoolAutoscaler("p", policy, Duration.ofMinutes(10));
    List<AutoscaleDecision> decisions = new ArrayList<>();

    // 22.4 GPUs busy all along: 8 hosts of 8 GPUs at 35 %, scaled down to 4 at 70 % from t = 40.
    for (int t = 10; t <= 300; t += 10) {
      int ready = t < 40 ? 8 : 4;
      decisions.add(scaler.decide(ScalingInputs.gpuDemand(at(t), ready, 8, 22.4, 0)));
    }

    assertThat(decisions.get(0).desiredReplicas()).isEqualTo(4);
    assertThat(decisions).allSatisfy(d -> {
      assertThat(d.mode()).as(d.reason()).isEqualTo(ScalingMode.REACTIVE);
      assertThat(d.desiredReplicas()).as(d.reason()).isEqualTo(4);
    });
  }

  /** A predictive policy for 8-GPU hosts at 70 %, 90 s to bring a host in, 30 s to drain one. */
  private static PoolAutoscaler predictive(Duration history) {
    return new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100)
        .withPredictiveLead(Duration.ofSeconds(90)).withDrainDelay(Duration.ofSeconds(30)),
        history);
  }

  @Test
  void predictiveModeDoesNotChaseABurstThatIsOverBeforeAHostCouldServeIt() {
    var scaler = predictive(Duration.ofMinutes(10));
    var reactive = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));
    AutoscaleDecision d = null;
    AutoscaleDecision r = null;
    // 6 hosts run 30 GPU-equivalents (62.5 %, within the tolerance) for 300 s, then one 10 s
    // window wants 200.
    for (int t = 10; t <= 310; t += 10) {
      double demand = t == 310 ? 200 : 30;
      d = scaler.decide(ScalingInputs.gpuDemand(at(t), 6, 8, demand, 0));
      r = reactive.decide(ScalingInputs.gpuDemand(at(t), 6, 8, demand, 0));
    }

    // Reactive scales for the burst (ceil(200 / 5.6) = 36, limited to +100 % = 12); the hosts
    // would serve at t = 400, long after it. Predictive expects the 95th percentile of the
    // last 31 windows, 30 GPU-equivalents, and holds.
    assertThat(r.desiredReplicas()).isEqualTo(12);
    assertThat(d.desiredReplicas()).as(d.reason()).isEqualTo(6);
    assertThat(d.reason()).contains("p95 of the demand over the last 600s, for +90s");
    assertThat(d.inputs()).containsEntry("predictive_quantile", 0.95)
        .containsEntry("forecast_demand_at_lead", 6 * 62.5);
  }

  @Test
  void predictiveModeScalesForALevelThatHoldsWithinAFewWindows() {
    var scaler = predictive(Duration.ofMinutes(10));
    List<AutoscaleDecision> decisions = new ArrayList<>();
    // 30 GPU-equivalents for 300 s, then 60 from t = 310 on the same 6 hosts.
    for (int t = 10; t <= 330; t += 10) {
      decisions.add(scaler.decide(ScalingInputs.gpuDemand(at(t), 6, 8, t <= 300 ? 30 : 60, 0)));
    }

    // At t = 310 one window of 31 is at 60: its 95th percentile (rank 30) is still 30, and the
    // pool is held for that. At t = 320 two of 32 are (rank 31): the level is expected to hold,
    // ceil(60 / 5.6) = 11 hosts.
    AutoscaleDecision first = decisions.get(30);
    assertThat(first.mode()).isEqualTo(ScalingMode.PREDICTIVE);
    assertThat(first.desiredReplicas()).as(first.reason()).isEqualTo(6);
    assertThat(first.reason()).contains("expected 62.5 (p95");
    AutoscaleDecision up = decisions.get(31);
    assertThat(up.desiredReplicas()).as(up.reason()).isEqualTo(11);
    assertThat(up.inputs()).containsEntry("forecast_demand_at_lead", 6 * 125.0);
  }

  @Test
  void predictiveModeHoldsAScaleDownForTheActuationRoundTripOnly() {
    // A short history, so that the expected demand falls soon after the demand does.
    var scaler = predictive(Duration.ofSeconds(60));
    var hpa = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));
    int firstDown = -1;
    int firstHpaDown = -1;
    // 11 hosts run 60 GPU-equivalents until t = 100, then 20.
    for (int t = 10; t <= 600; t += 10) {
      double demand = t <= 100 ? 60 : 20;
      AutoscaleDecision d = scaler.decide(ScalingInputs.gpuDemand(at(t), 11, 8, demand, 0));
      AutoscaleDecision h = hpa.decide(ScalingInputs.gpuDemand(at(t), 11, 8, demand, 0));
      if (firstDown < 0 && d.desiredReplicas() < 11) {
        firstDown = t;
      }
      if (firstHpaDown < 0 && h.desiredReplicas() < 11) {
        firstHpaDown = t;
      }
      if (t == 200) {
        assertThat(d.limitsApplied()).contains("scale_down_stabilization=120s");
      }
    }

    // The expected demand falls to 20 at t = 170, when the window at t = 100 leaves the 60 s
    // history; the highest recommendation of the last 90 + 30 s (11, at t = 160) holds the pool
    // until t = 280. HPA holds its last high recommendation (t = 100) for 300 s.
    assertThat(firstDown).isEqualTo(290);
    assertThat(firstHpaDown).isEqualTo(410);
  }

  @Test
  void recentDemandQuantileIsNearestRankOverTheHistory() {
    var recent = new RecentDemand(Duration.ofSeconds(30), 2);
    recent.observe(at(0), 5);
    assertThat(recent.quantile(0.5)).isEmpty();
    recent.observe(at(10), 1);
    recent.observe(at(20), 3);
    recent.observe(at(30), 2);
    recent.observe(at(40), 4); // the window at 0 is older than 30 s: 1, 3, 2, 4 remain

    assertThat(recent.size()).isEqualTo(4);
    assertThat(recent.quantile(1)).hasValue(4);
    assertThat(recent.quantile(0.75)).hasValue(3);
    assertThat(recent.quantile(0.5)).hasValue(2);
    assertThat(recent.quantile(0.01)).hasValue(1);
    assertThatThrownBy(() -> recent.quantile(0))
        .hasMessage("q must be in (0, 1], was 0.0");
  }

  @Test
  void theScaleDownWindowIsTheRoundTripOnlyInPredictiveModeAndOnlyWhenShorter() {
    ScalingPolicy reactive = ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100);
    ScalingPolicy predictive = reactive.withPredictiveLead(Duration.ofSeconds(90));

    assertThat(reactive.scaleDownWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(predictive.scaleDownWindow()).isEqualTo(Duration.ofSeconds(120));
    assertThat(predictive.withDrainDelay(Duration.ofSeconds(600)).scaleDownWindow())
        .isEqualTo(Duration.ofSeconds(300));
    assertThatThrownBy(() -> reactive.withPredictiveQuantile(1.5))
        .hasMessage("predictiveQuantile must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> reactive.withDrainDelay(Duration.ofSeconds(-1)))
        .hasMessageContaining("drainDelay must be >= 0");
  }

  @Test
  void aSaturatedPoolScalesFromTheDemandBeyondCapacityAndSaysSo() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));

    // 10 hosts of 8 GPUs, 110 GPU-equivalents wanted: 100 % busy, 137.5 % offered.
    AutoscaleDecision d = scaler.decide(ScalingInputs.gpuDemand(at(0), 10, 8, 110, 0));

    assertThat(d.observedValue()).isEqualTo(100.0);
    // ceil(10 × 137.5 / 70) = 20, where 100 % alone gives ceil(10 × 100 / 70) = 15.
    assertThat(d.desiredReplicas()).as(d.reason()).isEqualTo(20);
    assertThat(d.reason()).contains("saturated: demand 137.5 above observed 100.0");
    assertThat(d.inputs()).containsEntry("saturated", 1.0).containsEntry("offered", 137.5);
  }

  @Test
  void aQueueCountsAsDemandOnTopOfTheBusyGpus() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));

    AutoscaleDecision d = scaler.decide(ScalingInputs.gpuDemand(at(0), 4, 8, 32, 16));

    assertThat(d.desiredReplicas()).isEqualTo(8); // ceil(4 × 150 / 70) = 9, limited to 4 + 4
    assertThat(d.inputs()).containsEntry("raw_recommendation", 9.0);
    assertThat(d.reason()).contains("saturated");
  }

  @Test
  void saturationWithoutADemandSignalSaysTheCountIsALowerBound() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));

    AutoscaleDecision d = decide(scaler, at(0), 4, 100);

    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.reason()).contains("saturated at 100.0 with no demand signal beyond capacity");
    assertThat(d.inputs()).containsEntry("saturated", 1.0);
  }

  @Test
  void badWindowInputsNameTheFieldAndTheRule() {
    assertThatThrownBy(() -> ScalingInputs.of(at(0), -1, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readyReplicas must be >= 0, was -1");
    assertThatThrownBy(() -> ScalingInputs.of(at(0), 2, Double.NaN))
        .hasMessage("observed must be a finite number >= 0, was NaN");
    assertThatThrownBy(() -> ScalingInputs.gpuDemand(at(0), 2, 0, 1, 0))
        .hasMessage("gpusPerReplica must be > 0, was 0");
    assertThatThrownBy(() -> ScalingInputs.gpuDemand(at(0), 2, 8, 1, -3))
        .hasMessage("queuedGpuEquivalents must be a finite number >= 0, was -3.0");
  }

  @Test
  void aRestoredAutoscalerScalesFromTheRequestedCountOfItsLastDecision() {
    ScalingPolicy policy = ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100);
    var uninterrupted = new PoolAutoscaler("p", policy);
    var restarted = new PoolAutoscaler("p", policy);
    for (int t = 0; t <= 30; t += 10) {
      AutoscaleDecision d = decide(uninterrupted, at(t), 6, t == 0 ? 100 : 60);
      restarted.restore(d.decidedAt(), d.currentReplicas(),
          d.inputs().get("raw_recommendation").intValue(), d.desiredReplicas());
    }

    assertThat(restarted.requestedReplicas()).isEqualTo(uninterrupted.requestedReplicas())
        .hasValue(9);
    AutoscaleDecision expected = decide(uninterrupted, at(40), 6, 100);
    AutoscaleDecision resumed = decide(restarted, at(40), 6, 100);

    assertThat(resumed).isEqualTo(expected);
    assertThat(resumed.replicasRequested()).isEqualTo(9);
  }

  /**
   * The loop a replay runs, on the entry point alone: an actuator that brings a host up 90 s after
   * it is asked for and reports its state. A noisy step in demand must never pull a starting
   * scale-up back, and the pool ends within the tolerance of the target.
   */
  @Test
  void aReplayLoopWithAnActuatorNeverPullsAStartingScaleUpBack() {
    var scaler = new PoolAutoscaler("p", ScalingPolicy.hpaDefaults(GPU_UTIL, 70, 1, 100));
    int ready = 4;
    java.util.TreeMap<Integer, Integer> landing = new java.util.TreeMap<>(); // time → count
    int requested = 4;
    int pullBacks = 0;
    AutoscaleDecision last = null;
    for (int t = 0; t <= 900; t += 10) {
      while (!landing.isEmpty() && landing.firstKey() <= t) {
        ready = landing.pollFirstEntry().getValue();
        scaler.reportPoolState(at(t), requested, ready);
      }
      double demand = (t < 100 ? 20 : 60) + 6 * Math.sin(t / 7.0); // GPU-equivalents
      last = scaler.decide(ScalingInputs.gpuDemand(at(t), ready, 8, demand, 0));
      if (last.desiredReplicas() < requested && ready < requested) {
        pullBacks++;
      }
      if (last.desiredReplicas() != requested) {
        requested = last.desiredReplicas();
        landing.put(t + (requested > ready ? 90 : 30), requested);
      }
    }

    assertThat(pullBacks).isZero();
    assertThat(ready).isEqualTo(requested);
    // 60 ± 6 GPU-equivalents on 8-GPU hosts at 70 %: 11 or 12 hosts (ceil(66 / 5.6) = 12).
    assertThat(ready).isBetween(11, 12);
    assertThat(last.observedValue() / 70).isBetween(0.9 * 60 / 66, 1.1);
  }
}
