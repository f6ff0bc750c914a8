package dev.fleetscale.optimizer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.FleetEvent;
import dev.fleetscale.contracts.autoscale.AutoscaleDecision;
import dev.fleetscale.contracts.autoscale.ScalingMode;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.forecast.CapacityForecaster;
import dev.fleetscale.optimizer.forecast.DemandLedger;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rollup.RollupMetric;
import dev.fleetscale.optimizer.rollup.Stat;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autoscale decision as the pool stage makes it, window by window, through PoolDecider. */
class PoolDeciderAutoscaleTest {

  /** Aligned on the 300 s rebalance period: windows up to T0 + 290 s plan nothing. */
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  private static PoolDecider decider(Map<String, String> env) {
    OptimizerConfig config = OptimizerMain.load(null, env);
    RebalancePlanner planner = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85,
        20, 1), config.planner());
    return new PoolDecider("p", config, planner, new CapacityForecaster(30, 0.8),
        new DemandLedger(0.1, 7));
  }

  /** A settled 10 s window of {@code hosts} 8-GPU hosts at {@code util} percent. */
  private static PoolWindow window(int seconds, int hosts, double util) {
    return new PoolWindow("p", "c1", WindowSize.S10, T0.plusSeconds(seconds),
        Map.of(RollupMetric.GPU_UTIL, new Stat.Summary(util, util, util)), hosts, 8 * hosts,
        8 * hosts, Map.of(), Map.of());
  }

  private static List<AutoscaleDecision> autoscale(List<FleetEvent> events) {
    return events.stream().filter(AutoscaleDecision.class::isInstance)
        .map(AutoscaleDecision.class::cast).toList();
  }

  /**
   * Issue 11: predictive mode forecast the utilization, which doubles when a scale-down from 8
   * hosts to 4 lands; the jump looked like a rise and a predictive scale-up followed. The demand
   * (hosts × utilization) does not move, so nothing should.
   */
  @Test
  void aLandedScaleDownDoesNotTriggerAPredictiveScaleUp() {
    PoolDecider decider = decider(Map.of("FLEETSCALE_AUTOSCALE_PREDICTIVE_LEAD_SECONDS", "120"));
    List<AutoscaleDecision> decisions = new ArrayList<>();
    for (int s = 10; s <= 290; s += 10) {
      // 8 hosts at 35 % until the scale-down to 4 lands at T0 + 40 s; 4 at 70 % after.
      decisions.addAll(autoscale(decider.onWindow(s < 40 ? window(s, 8, 35) : window(s, 4, 70))));
    }

    assertThat(decisions).hasSize(29);
    assertThat(decisions.get(0).reason()).startsWith("scale 8 → 4");
    assertThat(decisions.subList(1, decisions.size())).allSatisfy(d -> {
      assertThat(d.mode()).as(d.reason()).isEqualTo(ScalingMode.REACTIVE);
      assertThat(d.desiredReplicas()).as(d.reason()).isEqualTo(4);
      assertThat(d.replicasRequested()).isEqualTo(4);
    });
  }

  /** Issue 11: a pool at 100 % hides how far demand exceeds it; the decision must say so. */
  @Test
  void aSaturatedPoolSaysItsCountIsALowerBound() {
    PoolDecider decider = decider(Map.of());

    AutoscaleDecision d = autoscale(decider.onWindow(window(10, 4, 100))).get(0);

    assertThat(d.desiredReplicas()).isEqualTo(6);
    assertThat(d.inputs()).containsEntry("saturated", 1.0);
    assertThat(d.reason()).contains("saturated at 100.0").contains("lower bounds");
  }

  /**
   * Issue 11: while the hosts of a scale-up start, the pool stage sees only the hosts online;
   * the next window must scale from the count requested, not ask again.
   */
  @Test
  void theWindowAfterAScaleUpHoldsTheRequestInsteadOfAskingAgain() {
    PoolDecider decider = decider(Map.of());

    AutoscaleDecision up = autoscale(decider.onWindow(window(10, 2, 90))).get(0);
    AutoscaleDecision next = autoscale(decider.onWindow(window(20, 2, 90))).get(0);

    assertThat(up.reason()).startsWith("scale 2 → 3");
    assertThat(next.replicasRequested()).isEqualTo(3);
    assertThat(next.replicasReady()).isEqualTo(2);
    assertThat(next.desiredReplicas()).isEqualTo(3);
    assertThat(next.reason()).startsWith("hold at 3 (2 ready)");
  }
}
