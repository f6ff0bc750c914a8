package dev.fleetscale.optimizer.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.InfeasibleGoal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a planning run reports besides its moves: timings, infeasibility first, lazy reasons. */
class PlanningRunTest {

  private static final long GB = 1L << 30;
  private static final PlannerSettings GENEROUS = new PlannerSettings(0.5, 100, 100);

  private static RebalancePlanner defaultPlanner() {
    return new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0), GENEROUS);
  }

  private static FleetSnapshot fleet(List<Host> hosts, Map<Workload, String> placed) {
    Map<String, String> placement = new HashMap<>();
    placed.forEach((w, h) -> placement.put(w.id(), h));
    return new FleetSnapshot("pool-a", Instant.EPOCH, hosts, new ArrayList<>(placed.keySet()),
        placement);
  }

  @Test
  void anEmptyPlanStillReportsEveryGoalWithItsTime() {
    // h1 is hot, h2 idle, but both are full: the spread goal wants a move and finds no room.
    var hosts = List.of(Host.of("h1", "r1", 2, 80 * GB), Host.of("h2", "r1", 2, 80 * GB));
    Map<Workload, String> placed = Map.of(
        Workload.of("hot1", 1, GB, 100), "h1", Workload.of("hot2", 1, GB, 100), "h1",
        Workload.of("cold1", 1, GB, 0), "h2", Workload.of("cold2", 1, GB, 0), "h2");
    var planner = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0)
        .subList(0, 8), GENEROUS); // no polish partner: swaps would fix it; see below

    PlanningRun run = planner.run(fleet(hosts, placed));

    assertThat(run.infeasible()).isEmpty();
    assertThat(run.goals()).extracting(GoalResult::goal).startsWith("HealthyHostsGoal",
        "GpuCountGoal", "GpuMemoryGoal", "HostCpuGoal", "HostMemoryGoal", "AntiAffinityGoal",
        "GangGoal", "GpuUtilizationSpreadGoal");
    assertThat(run.goals()).allMatch(g -> g.durationMicros() >= 0 && g.note() != null);
    assertThat(run.goals()).filteredOn(g -> g.goal().equals("GpuUtilizationSpreadGoal"))
        .singleElement().satisfies(g ->
            assertThat(g.note()).startsWith("moves +0").containsPattern("vetoed [1-9]"));
    // The polish (small pool) swaps a hot and a cold workload: that is a plan again.
    assertThat(run.plan()).isPresent();
  }

  @Test
  void anInfeasibleHardGoalIsReportedBeforeSoftGoalsRun() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB).unhealthy(),
        Host.of("h2", "r1", 8, 80 * GB));
    Map<Workload, String> placed = Map.of(Workload.of("big", 8, 10 * GB, 50), "h1",
        Workload.of("resident", 4, 10 * GB, 50), "h2");
    AtomicInteger softRuns = new AtomicInteger();
    List<Goal> goals = new ArrayList<>(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0));
    goals.add(goals.size() - 1, new CountingGoal(softRuns));

    PlanningRun run = new RebalancePlanner(goals, GENEROUS).run(fleet(hosts, placed));

    assertThat(run.plan()).isEmpty();
    assertThat(run.infeasible()).extracting(InfeasibleGoal::goal, InfeasibleGoal::missingResource,
            InfeasibleGoal::amount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("HealthyHostsGoal", "GPU_COUNT",
            8.0));
    assertThat(softRuns).hasValue(0);
    assertThat(run.goals()).filteredOn(g -> !g.hard())
        .allSatisfy(g -> {
          assertThat(g.note()).isEqualTo("not run: a hard goal cannot be met");
          assertThat(g.durationMicros()).isZero();
        });
    assertThat(run.goals()).filteredOn(GoalResult::hard)
        .allMatch(g -> g.note().startsWith("moves "));
  }

  @Test
  void aHardGoalListedAfterASoftOneIsRefused() {
    List<Goal> goals = List.of(new GpuUtilizationSpreadGoal(10, 1), new GpuCountGoal());

    assertThatThrownBy(() -> new RebalancePlanner(goals, GENEROUS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GpuCountGoal")
        .hasMessageContaining("hard goals must come first");
  }

  @Test
  void reasonsAreBuiltOnlyForMovesThatAreMade() {
    // One hot host, 7 idle full ones and one with room for exactly one workload: the spread
    // goal tries many destinations, one move is made.
    List<Host> hosts = new ArrayList<>();
    Map<Workload, String> placed = new HashMap<>();
    hosts.add(Host.of("hot", "r1", 4, 80 * GB));
    for (int g = 0; g < 4; g++) {
      placed.put(Workload.of("hot" + g, 1, GB, 100), "hot");
    }
    for (int h = 0; h < 8; h++) {
      hosts.add(Host.of("cold" + h, "r1", 4, 80 * GB));
      for (int g = 0; g < (h == 7 ? 3 : 4); g++) {
        placed.put(Workload.of("cold" + h + "-" + g, 1, GB, 0), "cold" + h);
      }
    }
    AtomicInteger built = new AtomicInteger();
    AtomicInteger tried = new AtomicInteger();
    Goal proposer = new ProposeEverywhereGoal(built, tried);
    var planner = new RebalancePlanner(List.of(new GpuCountGoal(), proposer), GENEROUS);

    PlanningRun run = planner.run(fleet(hosts, placed));

    assertThat(tried.get()).isGreaterThan(8);
    assertThat(run.plan()).hasValueSatisfying(p -> assertThat(p.moves()).hasSize(1));
    assertThat(built).hasValue(1);
  }

  /** Soft goal that counts its runs and proposes nothing. */
  private record CountingGoal(AtomicInteger runs) implements Goal {
    @Override
    public boolean hard() {
      return false;
    }

    @Override
    public double weight() {
      return 1;
    }

    @Override
    public double violation(PlanningState state) {
      return 0;
    }

    @Override
    public double delta(PlanningState state, int workload, int destination) {
      return 0;
    }

    @Override
    public void optimize(PlanningState state, MoveGate gate) {
      runs.incrementAndGet();
    }
  }

  /**
   * Soft goal that wants the hot host's workloads anywhere else (violation: workloads on host 0)
   * and tries every destination for each, counting reasons built.
   */
  private record ProposeEverywhereGoal(AtomicInteger built, AtomicInteger tried) implements Goal {
    @Override
    public boolean hard() {
      return false;
    }

    @Override
    public double weight() {
      return 10;
    }

    @Override
    public double violation(PlanningState state) {
      return state.workloadsOn.get(0).size();
    }

    @Override
    public double delta(PlanningState state, int workload, int destination) {
      return (destination == 0 ? 1 : 0) - (state.hostOf[workload] == 0 ? 1 : 0);
    }

    @Override
    public void optimize(PlanningState state, MoveGate gate) {
      for (int w : new ArrayList<>(state.workloadsOn.get(0))) {
        for (int h = 1; h < state.hostCount(); h++) {
          tried.incrementAndGet();
          if (gate.tryMove(w, h, () -> "reason " + built.incrementAndGet())) {
            break;
          }
        }
      }
    }
  }
}
