package dev.fleetscale.optimizer.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import dev.fleetscale.contracts.telemetry.WorkloadRef;
import dev.fleetscale.optimizer.OptimizerMain;
import dev.fleetscale.optimizer.Samples;
import dev.fleetscale.optimizer.config.OptimizerConfig;
import dev.fleetscale.optimizer.rebalance.FleetSnapshot;
import dev.fleetscale.optimizer.rebalance.RebalancePlanner;
import dev.fleetscale.optimizer.rebalance.Workload;
import dev.fleetscale.optimizer.rollup.HostWindowSummary;
import dev.fleetscale.optimizer.rollup.HostWindows;
import dev.fleetscale.optimizer.rollup.WindowSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scheduling labels travel from the samples (the agent reads them from each workload's
 * environment) through the host stage's summaries to the planner, which honours them: two
 * replicas of one anti-affinity group found on one host are separated.
 */
class WorkloadLabelsToPlannerTest {

  private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

  private static HostWindowSummary summaryOf(String host, int busy,
      Map<String, String> labels) {
    HostWindows windows = new HostWindows();
    List<HostWindows.Closed> closed = new ArrayList<>();
    for (int s = 1; s <= 11; s++) {
      windows.add(Samples.host(host, "p", s, T0.plusSeconds(s), 8, busy, 60, labels),
          closed::add);
    }
    return closed.stream().filter(c -> c.size() == WindowSize.S10).findFirst().orElseThrow()
        .summary();
  }

  @Test
  void antiAffineReplicasOnOneHostAreSeparatedFromLiveLabels() throws Exception {
    // Arrange: two replicas of "api" on host a (1 GPU each); host b empty.
    Map<String, String> api = Map.of(WorkloadRef.ANTI_AFFINITY_LABEL, "api");
    HostWindowSummary a = summaryOf("a", 2, api);
    HostWindowSummary b = summaryOf("b", 0, null);
    PoolWindow window = new PoolWindow("p", "c1", WindowSize.S10, a.windowEnd(), Map.of(), 2,
        16, 2, Map.of("a", a, "b", b), Map.of());
    OptimizerConfig config = OptimizerMain.load(null, Map.of());
    RebalancePlanner planner = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85,
        20, 1), config.planner());

    // Act
    FleetSnapshot snapshot = PoolDecider.snapshot(window);
    RebalancePlan plan = planner.plan(snapshot).orElseThrow();

    // Assert: the labels reached the planner's workloads, and the plan splits the pair.
    assertThat(a.workloads()).allSatisfy(w -> assertThat(w.labels()).isEqualTo(api));
    assertThat(snapshot.workloads()).extracting(Workload::antiAffinityGroup)
        .containsExactlyInAnyOrder("api", "api");
    assertThat(plan.moves()).hasSize(1);
    Move move = plan.moves().get(0);
    assertThat(move.fromHost()).isEqualTo("a");
    assertThat(move.toHost()).isEqualTo("b");
    assertThat(move.reason()).containsIgnoringCase("anti-affinity");
  }

  @Test
  void withoutLabelsTheSameFleetNeedsNoSeparation() throws Exception {
    HostWindowSummary a = summaryOf("a", 2, null);
    HostWindowSummary b = summaryOf("b", 0, null);
    PoolWindow window = new PoolWindow("p", "c1", WindowSize.S10, a.windowEnd(), Map.of(), 2,
        16, 2, Map.of("a", a, "b", b), Map.of());
    FleetSnapshot snapshot = PoolDecider.snapshot(window);
    assertThat(snapshot.workloads()).extracting(Workload::antiAffinityGroup)
        .containsOnlyNulls();
  }

  @Test
  void placementLabelsReachThePlannerAndAMalformedOneDoesNotStopPlanning() {
    HostWindowSummary shared = summaryOf("a", 1, Map.of("fleetscale.dev/gpu-fraction", "0.25",
        "fleetscale.dev/qos", "latency-sensitive"));
    HostWindowSummary broken = summaryOf("b", 1, Map.of("fleetscale.dev/gpu-fraction", "lots",
        WorkloadRef.GANG_LABEL, "train"));
    PoolWindow window = new PoolWindow("p", "c1", WindowSize.S10, shared.windowEnd(), Map.of(),
        2, 16, 2, Map.of("a", shared, "b", broken), Map.of());

    FleetSnapshot snapshot = PoolDecider.snapshot(window);

    assertThat(snapshot.workloads()).filteredOn(w -> snapshot.placement().get(w.id()).equals("a"))
        .singleElement().satisfies(w -> {
          assertThat(w.needs().gpuFraction()).isEqualTo(0.25);
          assertThat(w.needs().qos()).isEqualTo(dev.fleetscale.optimizer.rebalance.Qos
              .LATENCY_SENSITIVE);
        });
    assertThat(snapshot.workloads()).filteredOn(w -> snapshot.placement().get(w.id()).equals("b"))
        .singleElement().satisfies(w -> {
          assertThat(w.labels()).isEqualTo(Map.of(WorkloadRef.GANG_LABEL, "train"));
          assertThat(w.needs().gpuFraction()).isEqualTo(1.0);
        });
  }
}
