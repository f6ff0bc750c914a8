package dev.fleetscale.optimizer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The HPA reference against values computed by hand from the algorithm in the Kubernetes
 * documentation, on a step in utilization.
 */
class HpaReferenceTest {

  private static ReplayPolicy.View view(long now, int requested, int online, int starting,
      double utilPct) {
    return new ReplayPolicy.View(now, (int) (now / 10) - 1, requested, online, starting, 0,
        utilPct, 0, 0);
  }

  @Test
  void aStepUpIsRateLimitedThenDampedByPodsNotReadyYet() {
    HpaReference hpa = new HpaReference(0.25, 1000);

    // 4 ready at 100 % against 25 %: ceil(4 x 4) = 16, but at most max(2 x 4, 4 + 4) = 8 per 15 s
    assertThat(hpa.desiredHosts(view(15, 4, 4, 0, 100))).isEqualTo(8);
    // 15 s later: spec 8, 4 ready at 100 %, 4 pending count as 0 %: ratio 100*4/(25*8) = 2,
    // ceil(2 x 8) = 16; the +4 of t=15 is exactly one period old, so the period starts at 8:
    // limit max(16, 12) = 16
    assertThat(hpa.desiredHosts(view(30, 8, 4, 4, 100))).isEqualTo(16);
    // within tolerance (27 % vs 25 %, |1.08 - 1| <= 0.1): hold at spec
    assertThat(hpa.desiredHosts(view(45, 16, 16, 0, 27))).isEqualTo(16);
  }

  @Test
  void aStepDownWaitsForTheFiveMinuteStabilizationWindow() {
    HpaReference hpa = new HpaReference(0.25, 1000);
    assertThat(hpa.desiredHosts(view(15, 8, 8, 0, 50))).isEqualTo(16); // ceil(8 x 2)
    assertThat(hpa.desiredHosts(view(30, 16, 16, 0, 25))).isEqualTo(16); // within tolerance
    // utilization falls to 10 %: ceil(16 x 0.4) = 7, but the highest recommendation of the last
    // 300 s is 16 (t=15 and t=30) until t=30 is no longer after now - 300, i.e. at t=330
    for (long t = 45; t < 330; t += 15) {
      assertThat(hpa.desiredHosts(view(t, 16, 16, 0, 10))).as("t=%d", t).isEqualTo(16);
    }
    assertThat(hpa.desiredHosts(view(330, 16, 16, 0, 10))).isEqualTo(7);
  }

  @Test
  void theScaleDownWindowIsSeededWithTheReplicasAtStart() {
    HpaReference hpa = new HpaReference(0.25, 1000);
    hpa.start(16);
    // 10 % against 25 % on 16: ceil(6.4) = 7, held at 16 while the seed at t=0 is within 300 s
    assertThat(hpa.desiredHosts(view(285, 16, 16, 0, 10))).isEqualTo(16);
    assertThat(hpa.desiredHosts(view(300, 16, 16, 0, 10))).isEqualTo(7);
  }

  @Test
  void aScaleUpInFlightIsNotPulledBackByADip() {
    HpaReference hpa = new HpaReference(0.5, 1000);
    assertThat(hpa.desiredHosts(view(15, 4, 4, 0, 100))).isEqualTo(8);
    // the load dips while 4 hosts are starting: 4 ready at 40 % -> ceil(0.8 x 4) = 4, but the
    // recommendation of 8 within 300 s holds the spec at 8
    assertThat(hpa.desiredHosts(view(30, 8, 4, 4, 40))).isEqualTo(8);
  }

  @Test
  void hpaInTheReplayScalesFromTheRequestedCountAndNeverCancelsAStart() {
    double[] demand = new double[60];
    for (int w = 0; w < demand.length; w++) {
      demand[w] = w < 6 ? 8 : 64; // 1 host's worth at 100 %, then a step to 8 hosts' worth
    }
    DemandSeries step = new DemandSeries("step", 0, false, demand);
    PoolReplay replay = new PoolReplay(step, 8, 90, 30);

    PoolReplay.Run run = replay.run(new HpaReference(0.7, 1000), 2);

    assertThat(run.startsCancelled()).isZero();
    // at the end the utilization is within HPA's tolerance of 70 % or below: 64 / (11 x 8) = 73 %
    assertThat(run.servingHosts()[59]).isGreaterThanOrEqualTo(11);
  }
}
