package dev.fleetscale.optimizer.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Fractional GPUs, MIG instances, host CPU and memory: hand-built fleets, Arrange-Act-Assert. */
class SharedGpuAndHostResourceTest {

  private static final long GB = 1L << 30;
  private static final PlannerSettings GENEROUS = new PlannerSettings(0.5, 100, 100);

  private static RebalancePlanner planner() {
    return new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0), GENEROUS);
  }

  private static FleetSnapshot fleet(List<Host> hosts, Map<Workload, String> placed) {
    Map<String, String> placement = new HashMap<>();
    placed.forEach((w, h) -> placement.put(w.id(), h));
    return new FleetSnapshot("pool-a", Instant.EPOCH, hosts, new ArrayList<>(placed.keySet()),
        placement);
  }

  private static double violation(Goal goal, FleetSnapshot snapshot) {
    return goal.violation(new PlanningState(snapshot));
  }

  @Test
  void fractionsShareOneGpuAtTheirShareNotRoundedUp() {
    var hosts = List.of(Host.of("h1", "r1", 1, 80 * GB));
    Map<Workload, String> placed = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      placed.put(Workload.fractional("f" + i, 0.25, 10 * GB, 20), "h1");
    }

    FleetSnapshot snapshot = fleet(hosts, placed);

    assertThat(violation(new GpuCountGoal(), snapshot)).isZero();
    PlanningState state = new PlanningState(snapshot);
    assertThat(state.gpuDemand[0]).isEqualTo(1.0);
  }

  @Test
  void aFractionWithNoShareLeftMovesToAGpuThatHasOne() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 1, 80 * GB), Host.of("h2", "r1", 1, 80 * GB));
    Map<Workload, String> placed = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      placed.put(Workload.fractional("f" + i, 0.4, 10 * GB, 20), "h1");
    }

    RebalancePlan plan = planner().plan(fleet(hosts, placed)).orElseThrow();

    assertThat(violation(new GpuCountGoal(), fleet(hosts, placed))).isEqualTo(0.4,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.moves()).extracting(Move::toHost).first().isEqualTo("h2");
    assertThat(plan.moves().get(0).reason())
        .startsWith("GpuCountGoal: no GPU of host h1 has room for 0.40 of a GPU");
  }

  @Test
  void fractionsOnOneGpuMustFitItsFrameBufferTogether() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 1, 80 * GB), Host.of("h2", "r1", 1, 80 * GB));
    var a = Workload.fractional("a", 0.3, 50 * GB, 20);
    var b = Workload.fractional("b", 0.3, 50 * GB, 20);

    RebalancePlan plan = planner().plan(fleet(hosts, Map.of(a, "h1", b, "h1"))).orElseThrow();

    assertThat(plan.moves()).singleElement().extracting(Move::toHost).isEqualTo("h2");
  }

  @Test
  void aWholeGpuWorkloadDoesNotGoWhereFractionsOccupyEveryGpu() throws Exception {
    // h2's two GPUs each hold a 0.75 fraction (two cannot share one): half a GPU of share is
    // free there, but no whole GPU. h2 is the least utilized host, so it is tried first.
    var h1 = Host.of("h1", "r1", 2, 80 * GB).unhealthy();
    var h2 = Host.of("h2", "r1", 2, 80 * GB);
    var h3 = Host.of("h3", "r1", 2, 80 * GB);
    var whole = Workload.of("whole", 1, 10 * GB, 50);
    var f1 = Workload.fractional("f1", 0.75, GB, 10);
    var f2 = Workload.fractional("f2", 0.75, GB, 10);
    var big = Workload.of("big", 1, GB, 90);
    Map<Workload, String> placed = Map.of(whole, "h1", f1, "h2", f2, "h2", big, "h3");

    FleetSnapshot snapshot = fleet(List.of(h1, h2, h3), placed);
    PlanningState state = new PlanningState(snapshot);
    int w = List.of(state.workloads).indexOf(whole);

    RebalancePlan plan = planner().plan(snapshot).orElseThrow();

    assertThat(new GpuCountGoal().acceptance(state, w, 1)).isEqualTo(Goal.Acceptance.REJECT_MOVE);
    assertThat(new GpuCountGoal().acceptance(state, w, 2)).isEqualTo(Goal.Acceptance.ACCEPT);
    assertThat(plan.goals()).filteredOn(g -> g.goal().equals("HealthyHostsGoal"))
        .singleElement().satisfies(g -> assertThat(g.note()).containsPattern("vetoed [1-9]"));
    assertThat(plan.moves()).filteredOn(m -> m.workloadId().equals("whole")).singleElement()
        .satisfies(m -> assertThat(m.reason()).startsWith("HealthyHostsGoal: host h1 is "
            + "unhealthy"));
    assertThat(hardViolation(snapshot, plan)).isZero();
  }

  /** Hard goals' violation after the plan's moves, from a fresh snapshot. */
  static double hardViolation(FleetSnapshot snapshot, RebalancePlan plan) {
    Map<String, String> placement = new HashMap<>(snapshot.placement());
    plan.moves().forEach(m -> placement.put(m.workloadId(), m.toHost()));
    FleetSnapshot after = new FleetSnapshot(snapshot.pool(), snapshot.asOf(), snapshot.hosts(),
        snapshot.workloads(), placement);
    PlanningState state = new PlanningState(after);
    double sum = 0;
    for (Goal g : RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0)) {
      if (g.hard()) {
        sum += g.violation(state);
      }
    }
    return sum;
  }

  @Test
  void aFullHostIsClosedToEveryProposal() {
    var full = Host.of("full", "r1", 1, 80 * GB);
    var a = Workload.fractional("a", 0.5, GB, 10);
    var b = Workload.fractional("b", 0.5, GB, 10);
    var c = Workload.fractional("c", 0.5, GB, 10);
    var other = Host.of("other", "r1", 1, 80 * GB);
    PlanningState state = new PlanningState(fleet(List.of(full, other),
        Map.of(a, "full", b, "full", c, "other")));
    int w = List.of(state.workloads).indexOf(c);

    assertThat(new GpuCountGoal().acceptance(state, w, 0))
        .isEqualTo(Goal.Acceptance.REJECT_DESTINATION);
  }

  @Test
  void migInstancesGoOnlyToMigGpusWithTheirSlicesFree() throws Exception {
    // The first MIG GPU has 1 + 2 + 3 = 6 of 7 slices used: a 3g instance takes the second.
    var plain = Host.of("plain", "r1", 2, 80 * GB);
    var mig = Host.of("mig", "r1", 2, 80 * GB).withMigGpus(2);
    var i1 = Workload.mig("i1", "3g.40gb", 30 * GB, 60);
    var i2 = Workload.mig("i2", "3g.40gb", 30 * GB, 60);
    var i3 = Workload.mig("i3", "1g.10gb", 5 * GB, 60);
    var i4 = Workload.mig("i4", "2g.20gb", 5 * GB, 60);
    FleetSnapshot snapshot = fleet(List.of(plain, mig),
        Map.of(i1, "plain", i2, "mig", i3, "mig", i4, "mig"));

    RebalancePlan plan = planner().plan(snapshot).orElseThrow();

    assertThat(violation(new GpuCountGoal(), snapshot)).isEqualTo(3.0 / 7,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.moves()).extracting(Move::workloadId, Move::toHost)
        .containsExactly(Tuple.tuple("i1", "mig"));
    assertThat(plan.moves().get(0).reason()).contains("room for MIG 3g.40gb");
  }

  @Test
  void aMigInstanceWithNoMigGpuLeftIsAGpuShortfall() {
    var plain = Host.of("plain", "r1", 2, 80 * GB);
    var mig = Host.of("mig", "r1", 2, 80 * GB).withMigGpus(1);
    var i1 = Workload.mig("i1", "4g.40gb", 30 * GB, 60);
    var i2 = Workload.mig("i2", "4g.40gb", 30 * GB, 60);

    assertThatThrownBy(() -> planner().plan(fleet(List.of(plain, mig),
        Map.of(i1, "plain", i2, "mig"))))
        .isInstanceOfSatisfying(InfeasibleGoalException.class, e ->
            assertThat(e.infeasible()).extracting(InfeasibleGoal::goal,
                    InfeasibleGoal::missingResource)
                .containsExactly(Tuple.tuple("GpuCountGoal", "GPU_COUNT")));
  }

  @Test
  void aHostOverItsCpuCoresSendsTheLargestRequestAway() throws Exception {
    var h1 = Host.of("h1", "r1", 8, 80 * GB).withResources("H100", 16, 512 * GB);
    var h2 = Host.of("h2", "r1", 8, 80 * GB).withResources("H100", 16, 512 * GB);
    var small = Workload.of("small", 1, GB, 50).withHostResources(4, GB);
    var large = Workload.of("large", 1, GB, 50).withHostResources(14, GB);

    RebalancePlan plan = planner().plan(fleet(List.of(h1, h2), Map.of(small, "h1", large, "h1")))
        .orElseThrow();

    assertThat(plan.moves()).extracting(Move::workloadId, Move::toHost)
        .containsExactly(Tuple.tuple("large", "h2"));
    assertThat(plan.moves().get(0).reason())
        .isEqualTo("HostCpuGoal: host h1 has 18 CPU cores requested of 16");
  }

  @Test
  void noSpreadMoveOntoAHostWithoutCpuLeft() throws Exception {
    // GPU spread wants a hot workload on idle h2, but h2's cores are all requested: h3 it is.
    var h1 = Host.of("h1", "r1", 4, 80 * GB).withResources(null, 64, 0);
    var h2 = Host.of("h2", "r1", 4, 80 * GB).withResources(null, 8, 0);
    var h3 = Host.of("h3", "r1", 4, 80 * GB).withResources(null, 64, 0);
    var hot1 = Workload.of("hot1", 2, GB, 100).withHostResources(8, 0);
    var hot2 = Workload.of("hot2", 2, GB, 100).withHostResources(8, 0);
    var idle = Workload.of("idle", 1, GB, 0).withHostResources(8, 0);
    var warm = Workload.of("warm", 1, GB, 40).withHostResources(1, 0);

    FleetSnapshot snapshot = fleet(List.of(h1, h2, h3),
        Map.of(hot1, "h1", hot2, "h1", idle, "h2", warm, "h3"));

    RebalancePlan plan = planner().plan(snapshot).orElseThrow();

    // The spread goal tries h2 first (the least utilized) and is vetoed by HostCpuGoal; the
    // polish may then swap idle out of h2 to make room, which keeps the cores within h2's.
    assertThat(plan.goals()).filteredOn(g -> g.goal().equals("GpuUtilizationSpreadGoal"))
        .singleElement().satisfies(g -> assertThat(g.note()).containsPattern("vetoed [1-9]"));
    assertThat(plan.moves()).filteredOn(m -> m.reason().startsWith("GpuUtilizationSpreadGoal"))
        .allMatch(m -> m.reason().contains("h3 at"));
    assertThat(hardViolation(snapshot, plan)).isZero();
  }

  @Test
  void memoryNoHostHasIsAShortfallInBytes() {
    var h1 = Host.of("h1", "r1", 8, 80 * GB).withResources(null, 0, 256 * GB);
    var h2 = Host.of("h2", "r1", 8, 80 * GB).withResources(null, 0, 256 * GB);
    var a = Workload.of("a", 1, GB, 50).withHostResources(0, 200 * GB);
    var b = Workload.of("b", 1, GB, 50).withHostResources(0, 200 * GB);
    var c = Workload.of("c", 1, GB, 50).withHostResources(0, 100 * GB);

    assertThatThrownBy(() -> planner().plan(fleet(List.of(h1, h2),
        Map.of(a, "h1", b, "h2", c, "h1"))))
        .isInstanceOfSatisfying(InfeasibleGoalException.class, e -> {
          assertThat(e.infeasible()).singleElement().satisfies(g -> {
            assertThat(g.goal()).isEqualTo("HostMemoryGoal");
            assertThat(g.missingResource()).isEqualTo("HOST_MEMORY_BYTES");
            assertThat(g.amount()).isEqualTo(44.0 * GB);
          });
          assertThat(e.goals()).filteredOn(g -> !g.hard()).extracting(GoalResult::note)
              .containsOnly("not run: a hard goal cannot be met");
        });
  }

  @Test
  void hardGoalsMovesStayWithinTheBudgetAndTheRestWaitsForTheNextPlan() throws Exception {
    var dead = Host.of("dead", "r1", 8, 80 * GB).unhealthy();
    var spare = Host.of("spare", "r1", 8, 80 * GB);
    Map<Workload, String> placed = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      placed.put(Workload.of("w" + i, 1, GB, 50), "dead");
    }
    var budget = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0),
        new PlannerSettings(0, 2, 10));

    PlanningRun run = budget.run(fleet(List.of(dead, spare), placed));

    assertThat(run.infeasible()).isEmpty();
    assertThat(run.plan()).hasValueSatisfying(p -> assertThat(p.moves()).hasSize(2));
    assertThat(run.goals()).filteredOn(g -> g.goal().equals("HealthyHostsGoal")).singleElement()
        .satisfies(g -> {
          assertThat(g.satisfied()).isFalse();
          assertThat(g.note()).contains("left for the next plan 3 (move budget spent)");
        });
  }

  @Test
  void malformedPlacementLabelsAreRefusedNamingTheLabelAndRule() {
    assertThatThrownBy(() -> Workload.of("w", 1, GB, 1)
        .withLabel(PlacementLabels.GPU_FRACTION, "1.5"))
        .hasMessage("workload w: label fleetscale.dev/gpu-fraction: must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> Workload.of("w", 2, GB, 1)
        .withLabel(PlacementLabels.GPU_FRACTION, "0.5"))
        .hasMessageContaining("describe one GPU; the workload holds 2");
    assertThatThrownBy(() -> Workload.of("w", 1, GB, 1)
        .withLabel(PlacementLabels.MIG_PROFILE, "9g.10gb"))
        .hasMessageContaining("fleetscale.dev/mig-profile: must be <1-7>g.<GB>gb");
    assertThatThrownBy(() -> Workload.of("w", 1, GB, 1).withLabel(PlacementLabels.QOS, "gold"))
        .hasMessageContaining("fleetscale.dev/qos: must be guaranteed, latency-sensitive or "
            + "best-effort, was 'gold'");
    assertThatThrownBy(() -> Workload.of("w", 1, GB, 1).withLabel(PlacementLabels.MEMORY, "1GB"))
        .hasMessageContaining("fleetscale.dev/memory: must be bytes or a number with Ki, Mi, Gi");
    var ok = Workload.of("w", 1, GB, 1).withLabel(PlacementLabels.CPU, "500m")
        .withLabel(PlacementLabels.MEMORY, "1.5Gi").withLabel(PlacementLabels.QOS,
            "latency-sensitive").withLabel(PlacementLabels.PRIORITY, "7");
    assertThat(ok.needs()).isEqualTo(new PlacementLabels.Needs(1, null, 0.5,
        (long) (1.5 * GB), Qos.LATENCY_SENSITIVE, 7));
  }
}
