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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-built small fleets: Arrange, Act, Assert. */
class RebalancePlannerTest {

  private static final long GB = 1L << 30;
  private static final Instant AS_OF = Instant.parse("2026-01-01T00:10:00Z");
  private static final PlannerSettings GENEROUS = new PlannerSettings(0.5, 100, 100);

  private static RebalancePlanner defaultPlanner() {
    return new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0), GENEROUS);
  }

  private static FleetSnapshot fleet(List<Host> hosts, Map<Workload, String> placed) {
    Map<String, String> placement = new HashMap<>();
    placed.forEach((w, h) -> placement.put(w.id(), h));
    return new FleetSnapshot("pool-a", AS_OF, hosts, new ArrayList<>(placed.keySet()), placement);
  }

  @Test
  void evacuatesAnUnhealthyHostAndExplainsTheMove() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB).unhealthy(),
        Host.of("h2", "r1", 8, 80 * GB));
    var job = Workload.of("job-1", 4, 40 * GB, 70);

    RebalancePlan plan = defaultPlanner().plan(fleet(hosts, Map.of(job, "h1"))).orElseThrow();

    assertThat(plan.moves()).containsExactly(new Move("job-1", "h1", "h2", 4,
        "HealthyHostsGoal: host h1 is unhealthy"));
    assertThat(plan.scoreAfter()).isLessThan(plan.scoreBefore());
    assertThat(plan.planId()).isEqualTo(RebalancePlanner.planId(fleet(hosts, Map.of(job, "h1"))));
    assertThat(plan.goals()).extracting(GoalResult::goal).startsWith("HealthyHostsGoal",
        "GpuCountGoal", "GpuMemoryGoal", "HostCpuGoal", "HostMemoryGoal", "AntiAffinityGoal",
        "GangGoal", "GpuUtilizationSpreadGoal");
    assertThat(plan.goals()).allMatch(g -> g.durationMicros() >= 0 && g.note() != null);
  }

  @Test
  void unhealthyHostWithNoRoomElsewhereIsInfeasibleAndSaysHowManyGpusAreShort() {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB).unhealthy(),
        Host.of("h2", "r1", 8, 80 * GB));
    var stuck = Workload.of("big", 8, 10 * GB, 50);
    var resident = Workload.of("resident", 4, 10 * GB, 50);

    assertThatThrownBy(() -> defaultPlanner().plan(
        fleet(hosts, Map.of(stuck, "h1", resident, "h2"))))
        .isInstanceOfSatisfying(InfeasibleGoalException.class, e -> {
          assertThat(e.infeasible()).extracting(InfeasibleGoal::goal,
              InfeasibleGoal::missingResource, InfeasibleGoal::amount)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("HealthyHostsGoal",
                  "GPU_COUNT", 8.0));
          assertThat(e.goals()).isNotEmpty();
        });
  }

  @Test
  void workloadTooBigForEveryGpuIsAGpuMemoryShortfall() {
    var hosts = List.of(Host.of("h1", "r1", 8, 40 * GB), Host.of("h2", "r1", 8, 40 * GB));
    var llm = Workload.of("llm", 2, 70 * GB, 90);

    assertThatThrownBy(() -> defaultPlanner().plan(fleet(hosts, Map.of(llm, "h1"))))
        .isInstanceOfSatisfying(InfeasibleGoalException.class, e ->
            assertThat(e.infeasible()).singleElement().satisfies(g -> {
              assertThat(g.missingResource()).isEqualTo("GPU_MEMORY_BYTES");
              assertThat(g.amount()).isEqualTo(2.0 * 70 * GB);
            }));
  }

  @Test
  void spreadsGpuUtilizationFromAHotHostToAnIdleOne() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB), Host.of("h2", "r1", 8, 80 * GB));
    var a = Workload.of("a", 4, 10 * GB, 90);
    var b = Workload.of("b", 4, 10 * GB, 90);

    RebalancePlan plan = defaultPlanner().plan(fleet(hosts, Map.of(a, "h1", b, "h1")))
        .orElseThrow();

    assertThat(plan.moves()).hasSize(1);
    assertThat(plan.moves().get(0).toHost()).isEqualTo("h2");
    assertThat(plan.moves().get(0).reason()).startsWith("GpuUtilizationSpreadGoal: h1 at 90.0");
    assertThat(plan.scoreAfter()).isLessThan(plan.scoreBefore());
  }

  @Test
  void earlierGoalVetoesALaterGoalsMove() throws Exception {
    // The NIC spread goal would pick h2 (lowest NIC load), but h2 is hot and power headroom,
    // optimized earlier, vetoes the extra watts: the workload goes to h3 instead.
    var h1 = new Host("h1", "r1", true, 8, 80 * GB, 5600, 560, 40, 50, 0);
    var h2 = new Host("h2", "r1", true, 8, 80 * GB, 1000, 500, 90, 0, 0);
    var h3 = new Host("h3", "r1", true, 8, 80 * GB, 1000, 100, 40, 10, 0);
    var chatty = Workload.of("chatty", 2, 10 * GB, 50).withLoad(300, 30, 0);
    var quiet = Workload.of("quiet", 2, 10 * GB, 50);
    List<Goal> goals = List.of(new GpuCountGoal(), new PowerHeadroomGoal(0.1, 85, 1.0),
        new NicUtilizationSpreadGoal(10, 1.0));
    List<Goal> withoutPower = List.of(new GpuCountGoal(), new NicUtilizationSpreadGoal(10, 1.0));
    var snapshot = fleet(List.of(h1, h2, h3), Map.of(chatty, "h1", quiet, "h1"));

    RebalancePlan vetoed = new RebalancePlanner(goals, GENEROUS).plan(snapshot).orElseThrow();
    RebalancePlan unvetoed = new RebalancePlanner(withoutPower, GENEROUS).plan(snapshot)
        .orElseThrow();

    assertThat(unvetoed.moves()).extracting(Move::toHost).containsExactly("h2");
    assertThat(vetoed.moves()).extracting(Move::toHost).containsExactly("h3");
    assertThat(vetoed.goals().get(2).note()).containsPattern("vetoed [1-9]");
    assertThat(unvetoed.goals().get(1).note()).contains("vetoed 0");
  }

  @Test
  void antiAffinityIsNeverBrokenToBalanceLoad() throws Exception {
    // A single move of a1 or b1 to h2 would balance GPU utilization but put two members of one
    // group on h2: vetoed. Only a swap (a1 <-> a2 or b1 <-> b2) balances within the rule.
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB), Host.of("h2", "r1", 8, 80 * GB));
    var a1 = Workload.of("a1", 4, 10 * GB, 100).withLabel(Workload.ANTI_AFFINITY_LABEL, "a");
    var b1 = Workload.of("b1", 4, 10 * GB, 100).withLabel(Workload.ANTI_AFFINITY_LABEL, "b");
    var a2 = Workload.of("a2", 2, 10 * GB, 10).withLabel(Workload.ANTI_AFFINITY_LABEL, "a");
    var b2 = Workload.of("b2", 2, 10 * GB, 10).withLabel(Workload.ANTI_AFFINITY_LABEL, "b");
    Map<Workload, String> placed = Map.of(a1, "h1", b1, "h1", a2, "h2", b2, "h2");

    RebalancePlan plan = defaultPlanner().plan(fleet(hosts, placed)).orElseThrow();

    Map<String, String> after = new HashMap<>();
    placed.forEach((w, h) -> after.put(w.id(), h));
    plan.moves().forEach(m -> after.put(m.workloadId(), m.toHost()));
    assertThat(after.get("a1")).isNotEqualTo(after.get("a2"));
    assertThat(after.get("b1")).isNotEqualTo(after.get("b2"));
    assertThat(plan.moves()).hasSize(2);
    assertThat(plan.moves()).allMatch(m -> m.reason().contains("ExhaustivePolish"));
    assertThat(plan.goals()).filteredOn(g -> g.goal().equals("GpuUtilizationSpreadGoal"))
        .singleElement().satisfies(g -> assertThat(g.note()).containsPattern("vetoed [1-9]"));
  }

  @Test
  void splitGangRejoinsItsRack() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB), Host.of("h2", "r1", 8, 80 * GB),
        Host.of("h3", "r2", 8, 80 * GB));
    var rank0 = Workload.of("rank0", 4, 10 * GB, 80).withLabel(Workload.GANG_LABEL, "train");
    var rank1 = Workload.of("rank1", 4, 10 * GB, 80).withLabel(Workload.GANG_LABEL, "train");
    var rank2 = Workload.of("rank2", 4, 10 * GB, 80).withLabel(Workload.GANG_LABEL, "train");

    RebalancePlan plan = defaultPlanner()
        .plan(fleet(hosts, Map.of(rank0, "h1", rank1, "h2", rank2, "h3"))).orElseThrow();

    assertThat(plan.moves()).extracting(Move::workloadId, Move::fromHost)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rank2", "h3"));
    assertThat(plan.moves().get(0).toHost()).isIn("h1", "h2");
    assertThat(plan.moves().get(0).reason()).contains("gang train is split");
  }

  @Test
  void improvementBelowThresholdPublishesNothing() throws Exception {
    var hosts = List.of(Host.of("h1", "r1", 8, 80 * GB), Host.of("h2", "r1", 8, 80 * GB));
    var a = Workload.of("a", 4, 10 * GB, 90);
    var b = Workload.of("b", 4, 10 * GB, 90);
    var strict = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0),
        new PlannerSettings(1000, 100, 100));

    assertThat(strict.plan(fleet(hosts, Map.of(a, "h1", b, "h1")))).isEmpty();
  }

  @Test
  void moveBudgetsCapThePlan() throws Exception {
    List<Host> hosts = new ArrayList<>();
    Map<Workload, String> placed = new HashMap<>();
    for (int h = 0; h < 6; h++) {
      hosts.add(Host.of("h" + h, "r1", 8, 80 * GB));
    }
    for (int w = 0; w < 8; w++) {
      placed.put(Workload.of("w" + w, 1, GB, 100), "h0");
    }
    var onePerHost = new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0),
        new PlannerSettings(0, 3, 2));

    RebalancePlan plan = onePerHost.plan(fleet(hosts, placed)).orElseThrow();

    assertThat(plan.moves()).hasSizeLessThanOrEqualTo(2); // h0 may be touched twice
    assertThat(plan.moves()).isNotEmpty();
  }

  @Test
  void randomFleetsNeverEndWorseAndKeepHardGoals() throws Exception {
    Random random = new Random(42);
    RebalancePlanner planner = defaultPlanner();
    for (int round = 0; round < 50; round++) {
      List<Host> hosts = new ArrayList<>();
      for (int h = 0; h < 8; h++) {
        hosts.add(new Host("h" + h, "r" + (h % 2), true, 8, 80 * GB, 5600, 560,
            40 + random.nextInt(50), random.nextDouble() * 30, random.nextDouble() * 30));
      }
      Map<Workload, String> placed = new HashMap<>();
      int[] free = new int[8];
      java.util.Arrays.fill(free, 8);
      for (int w = 0; w < 20; w++) {
        int gpus = 1 + random.nextInt(3);
        int host = random.nextInt(8);
        if (free[host] < gpus) {
          continue;
        }
        free[host] -= gpus;
        placed.put(new Workload("w" + w, gpus, 10 * GB, random.nextDouble() * 100,
            random.nextDouble() * 400, random.nextDouble() * 20, random.nextDouble() * 20,
            Map.of()), "h" + host);
      }
      FleetSnapshot snapshot = fleet(hosts, placed);

      var plan = planner.plan(snapshot);

      if (plan.isPresent()) {
        assertThat(plan.get().scoreAfter()).isLessThan(plan.get().scoreBefore());
        assertThat(plan.get().goals()).filteredOn(GoalResult::hard)
            .allMatch(GoalResult::satisfied);
      }
    }
  }
}
