package dev.fleetscale.optimizer.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Consolidation frees whole hosts when that is worth more than the moves it takes. */
class ConsolidationGoalTest {

  private static final long GB = 1L << 30;

  private static RebalancePlanner planner(double pointsPerHost, int maxMoves) {
    List<String> order = List.of("HealthyHostsGoal", "GpuCountGoal", "GpuMemoryGoal",
        "HostCpuGoal", "HostMemoryGoal", "AntiAffinityGoal", "GangGoal", "ConsolidationGoal",
        "FewestMovesGoal");
    return new RebalancePlanner(new GoalCatalog(10, 0.1, 85, 20, 1.0, pointsPerHost)
        .goals(order), new PlannerSettings(0, maxMoves, 100));
  }

  /** Four 8-GPU hosts, each running {@code perHost} 1-GPU workloads. */
  private static FleetSnapshot quarterFull(int perHost, String qosOfFirstHost) {
    List<Host> hosts = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    List<Workload> workloads = new ArrayList<>();
    for (int h = 0; h < 4; h++) {
      hosts.add(Host.of("h" + h, "r1", 8, 80 * GB));
      for (int i = 0; i < perHost; i++) {
        Workload w = Workload.of("w" + h + "-" + i, 1, GB, 50);
        if (h == 0 && qosOfFirstHost != null) {
          w = w.withLabel(PlacementLabels.QOS, qosOfFirstHost);
        }
        workloads.add(w);
        placement.put(w.id(), "h" + h);
      }
    }
    return new FleetSnapshot("pool", Instant.EPOCH, hosts, workloads, placement);
  }

  private static int hostsInUse(FleetSnapshot snapshot, RebalancePlan plan) {
    Map<String, String> placement = new LinkedHashMap<>(snapshot.placement());
    plan.moves().forEach(m -> placement.put(m.workloadId(), m.toHost()));
    return (int) placement.values().stream().distinct().count();
  }

  @Test
  void emptiesHostsWhenFreeingOneIsWorthMoreThanItsMoves() throws Exception {
    FleetSnapshot snapshot = quarterFull(2, null);

    RebalancePlan plan = planner(10, 100).plan(snapshot).orElseThrow();

    assertThat(hostsInUse(snapshot, plan)).isEqualTo(1); // 8 GPUs of work on one 8-GPU host
    assertThat(plan.moves()).hasSize(6);
    assertThat(plan.moves()).extracting(Move::reason)
        .allMatch(r -> r.startsWith("ConsolidationGoal: frees host h"));
  }

  @Test
  void aHostIsNotEmptiedWhenItsMovesCostMoreThanItSaves() throws Exception {
    // Two moves (1 point each) to free a host worth 1.5 points: not worth it.
    Optional<RebalancePlan> plan = planner(1.5, 100).plan(quarterFull(2, null));

    assertThat(plan).isEmpty();
  }

  @Test
  void aHostWithAGuaranteedWorkloadIsNotEmptiedToSaveMoney() throws Exception {
    FleetSnapshot snapshot = quarterFull(2, "guaranteed");

    RebalancePlan plan = planner(10, 100).plan(snapshot).orElseThrow();

    assertThat(plan.moves()).noneMatch(m -> m.fromHost().equals("h0"));
    assertThat(plan.moves()).allMatch(m -> m.toHost().equals("h0") || !m.fromHost().equals("h0"));
  }

  @Test
  void aHostIsEmptiedWholeOrNotAtAll() throws Exception {
    // Budget 3 moves: one host (2 moves) is emptied; the next needs 2 more and would break the
    // budget, so none of its workloads moves.
    FleetSnapshot snapshot = quarterFull(2, null);

    RebalancePlan plan = planner(10, 3).plan(snapshot).orElseThrow();

    assertThat(plan.moves()).hasSize(2);
    assertThat(plan.moves()).extracting(Move::fromHost).containsOnly(plan.moves().get(0)
        .fromHost());
    assertThat(hostsInUse(snapshot, plan)).isEqualTo(3);
  }
}
