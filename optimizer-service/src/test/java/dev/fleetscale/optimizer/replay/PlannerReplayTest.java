package dev.fleetscale.optimizer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerReplayTest {

  @Test
  void theShippedPlannerNarrowsTheSpreadOfAFirstFitPlacement() {
    // 4 GPU-equivalents for 59 windows and one of 24: the peak at 50 % needs 6 hosts of 8 GPUs;
    // the mean (4.33) at 50 % gives 9 replicas, first fit puts 8 on host-000 and 1 on host-001.
    double[] demand = new double[60];
    Arrays.fill(demand, 4);
    demand[59] = 24;
    DemandSeries s = new DemandSeries("t", 0, false, demand);

    List<PlannerReplay.Result> results = new PlannerReplay(s, 8, 0.5).run();
    PlannerReplay.Result none = results.get(0);
    PlannerReplay.Result planned = results.get(1);

    assertThat(none.hosts()).isEqualTo(6);
    assertThat(none.replicas()).isEqualTo(9);
    // Each replica at 4 / 9 = 44.4 %: host-000 at 44.4 %, the empty hosts at 0.
    assertThat(none.p95SpreadPct()).isCloseTo(400.0 / 9, within(1e-9));
    assertThat(none.moves()).isZero();
    // Planned every 300 s (30 windows): twice in 60 windows.
    assertThat(planned.runs()).isEqualTo(2);
    assertThat(planned.moves()).isPositive();
    assertThat(planned.meanSpreadPct()).isLessThan(none.meanSpreadPct());
  }
}
