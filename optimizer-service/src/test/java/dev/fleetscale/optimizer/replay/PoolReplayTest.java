package dev.fleetscale.optimizer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

/** The simulated pool and the metrics, on tiny traces worked out by hand. */
class PoolReplayTest {

  /** A policy that answers by the clock. */
  private static ReplayPolicy scripted(int sync, LongToIntFunction hostsAt) {
    return new ReplayPolicy() {
      @Override
      public String name() {
        return "scripted";
      }

      @Override
      public int syncSeconds() {
        return sync;
      }

      @Override
      public int desiredHosts(View view) {
        return hostsAt.applyAsInt(view.nowSeconds());
      }
    };
  }

  private static DemandSeries flat(int windows, double demand) {
    double[] d = new double[windows];
    java.util.Arrays.fill(d, demand);
    return new DemandSeries("flat", 0, false, d);
  }

  @Test
  void hostsServeAfterTheUpDelayAndLeaveAfterTheDownDelay() {
    PoolReplay replay = new PoolReplay(flat(6, 0), 8, 20, 10);

    // ask for 3 at t=10 (ready at 30), for 1 at t=40 (2 drain, gone at 50)
    PoolReplay.Run run = replay.run(scripted(10, t -> t < 40 ? 3 : 1), 1);

    assertThat(run.servingHosts()).containsExactly(1, 1, 1, 3, 3, 1);
    assertThat(run.paidHosts()).containsExactly(1, 3, 3, 3, 3, 1);
    assertThat(run.scalingEvents()).isEqualTo(2);
    assertThat(run.startsCancelled()).isZero();
  }

  @Test
  void aScaleUpPulledBackCancelsTheHostsStillStarting() {
    PoolReplay replay = new PoolReplay(flat(4, 0), 8, 90, 30);

    PoolReplay.Run run = replay.run(scripted(10, t -> t == 10 ? 3 : 1), 1);

    assertThat(run.startsCancelled()).isEqualTo(2);
    assertThat(run.paidHosts()).containsExactly(1, 3, 1, 1);
    assertThat(run.servingHosts()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void aFifteenSecondSyncActsMidWindowOnTheFiveSecondTick() {
    PoolReplay replay = new PoolReplay(flat(3, 0), 8, 0, 0);

    PoolReplay.Run run = replay.run(scripted(15, t -> 3), 1);

    // window [10,20): 1 host for 5 s, 3 from t=15
    assertThat(run.servingHosts()).containsExactly(1, 2, 3);
  }

  @Test
  void metricsOnATinyHandMadeTrace() {
    DemandSeries s = new DemandSeries("tiny", 0, false, new double[] {8, 16, 4, 0});
    PoolReplay replay = new PoolReplay(s, 8, 90, 30);

    Metrics m = replay.run(scripted(10, t -> 2), 2).metrics();

    // 16 GPUs serving: 16 > 0.9 x 16 misses once in 4 windows
    assertThat(m.sloMissShare()).isEqualTo(0.25);
    // slack 8, 0, 12, 16
    assertThat(m.meanSlackGpus()).isCloseTo(9, within(1e-9));
    // 2 hosts x 8 GPUs x 40 s
    assertThat(m.gpuHours()).isCloseTo(2 * 8 * 40 / 3600.0, within(1e-9));
    // utilization 0.5, 1, 0.25, 0: nearest rank ceil(0.95 x 4) = 4th
    assertThat(m.p95Utilization()).isEqualTo(1.0);
    assertThat(m.scalingEvents()).isZero();
  }

  @Test
  void nearestRankPercentile() {
    double[] values = new double[20];
    for (int i = 0; i < 20; i++) {
      values[i] = 20 - i; // 20..1
    }
    assertThat(Metrics.percentile(values, 0.95)).isEqualTo(19); // ceil(0.95 x 20) = 19th
    assertThat(Metrics.percentile(values, 0.5)).isEqualTo(10);
  }

  @Test
  void theOracleNeverMissesWhereTheTargetLeavesRoom() {
    double[] d = new double[200];
    for (int w = 0; w < d.length; w++) {
      d[w] = (w / 13) % 3 == 0 ? 200 : (w % 7 == 0 ? 90 : 5); // bursts and dips
    }
    DemandSeries s = new DemandSeries("bursts", 0, false, d);
    PoolReplay replay = new PoolReplay(s, 8, 90, 30);

    Metrics m = replay.run(new OraclePolicy(s, 0.7, 8, 90, 30), replay.initialHosts(0.7))
        .metrics();

    assertThat(m.sloMissShare()).isZero();
    // and it pays less than static provisioning at the peak
    Metrics fixed = replay.run(new StaticPolicy(s, 0.7, 8), 36).metrics();
    assertThat(m.gpuHours()).isLessThan(fixed.gpuHours());
  }

  @Test
  void theAdapterDrivesTheShippedAutoscaler() {
    FleetscalePolicy reactive = FleetscalePolicy.reactive(0.7, 8);

    // 4 hosts at 100 % against the target 70 %: ceil(4 x 100/70) = 6 (HPA rule, shipped limits
    // allow max(+100 %, +4) per 15 s)
    int desired = reactive.desiredHosts(new ReplayPolicy.View(10, 0, 4, 4, 0, 0, 100, 32, 32));

    assertThat(desired).isEqualTo(6);
    assertThat(reactive.lastDecision().reason()).contains("ceil(4 × 1.429) = 6");
    assertThat(reactive.policy().scaleDown().stabilizationWindow().toSeconds()).isEqualTo(300);
    assertThat(Map.of("target", reactive.policy().target())).containsEntry("target", 70.0);
  }

  @Test
  void theAdapterPassesDemandBeyondCapacityAndTheHostsServing() {
    FleetscalePolicy reactive = FleetscalePolicy.reactive(0.7, 8);

    // 3 online + 1 draining serve 32 GPUs at 100 %, but the window's demand is 64 GPU-equivalents:
    // the saturated pool is scaled from the demand, ceil(4 x 200/70) = 12, and the shipped rate
    // limit max(+100 %, +4) per 15 s from the 3 requested allows 7.
    int desired = reactive.desiredHosts(new ReplayPolicy.View(10, 0, 3, 3, 0, 1, 100, 32, 64));

    assertThat(desired).isEqualTo(7);
    assertThat(reactive.lastDecision().reason()).contains("saturated: demand 200.0");
    assertThat(reactive.lastDecision().inputs()).containsEntry("replicas_ready", 4.0)
        .containsEntry("replicas_requested", 3.0);
  }
}
