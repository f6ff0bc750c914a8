package dev.fleetscale.optimizer.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscale.contracts.rebalance.Move;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * On random fleets of whole-GPU, fractional and MIG workloads with host CPU and memory requests
 * (some hosts unhealthy, some placements over capacity): no plan breaks a hard goal that held,
 * none makes the hard goals worse, and none exceeds a move budget, hard goals' moves included.
 */
class PlannerPropertyTest {

  private static final long GB = 1L << 30;

  @Property(tries = 200)
  void plansKeepHardGoalsAndBudgets(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int maxMoves,
      @ForAll @IntRange(min = 1, max = 6) int maxPerHost) throws Exception {
    FleetSnapshot snapshot = randomFleet(new Random(seed));
    RebalancePlanner planner = new RebalancePlanner(
        RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0),
        new PlannerSettings(0, maxMoves, maxPerHost));
    double hardBefore = hardViolation(snapshot);

    PlanningRun run = planner.run(snapshot);

    String outcome = run.plan().isPresent() ? "plan" : run.infeasible().isEmpty() ? "no plan"
        : "infeasible";
    Statistics.collect(outcome);
    // Enough of the random fleets must produce plans, or the property proves little.
    Statistics.coverage(c -> c.check("plan").percentage(p -> p >= 20));
    if (run.plan().isEmpty()) {
      return;
    }
    RebalancePlan plan = run.plan().get();
    assertThat(plan.moves()).hasSizeLessThanOrEqualTo(maxMoves);
    Map<String, Integer> touched = new HashMap<>();
    for (Move m : plan.moves()) {
      touched.merge(m.fromHost(), 1, Integer::sum);
      touched.merge(m.toHost(), 1, Integer::sum);
    }
    assertThat(touched.values()).allMatch(n -> n <= maxPerHost);
    double hardAfter = hardViolation(after(snapshot, plan));
    assertThat(hardAfter).isLessThanOrEqualTo(hardBefore + 1e-9);
    if (hardBefore <= 1e-9) {
      assertThat(hardAfter).isLessThanOrEqualTo(1e-9);
    }
    assertThat(plan.scoreAfter()).isLessThanOrEqualTo(plan.scoreBefore());
  }

  static FleetSnapshot after(FleetSnapshot snapshot, RebalancePlan plan) {
    Map<String, String> placement = new HashMap<>(snapshot.placement());
    plan.moves().forEach(m -> placement.put(m.workloadId(), m.toHost()));
    return new FleetSnapshot(snapshot.pool(), snapshot.asOf(), snapshot.hosts(),
        snapshot.workloads(), placement);
  }

  static double hardViolation(FleetSnapshot snapshot) {
    PlanningState state = new PlanningState(snapshot);
    double sum = 0;
    for (Goal g : RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0)) {
      if (g.hard()) {
        sum += g.violation(state);
      }
    }
    return sum;
  }

  static FleetSnapshot randomFleet(Random random) {
    int hostCount = 3 + random.nextInt(6);
    List<Host> hosts = new ArrayList<>();
    for (int h = 0; h < hostCount; h++) {
      int gpus = random.nextBoolean() ? 4 : 8;
      Host host = new Host("h" + h, "r" + (h % 2), random.nextInt(10) != 0, gpus, 80 * GB,
          gpus * 700.0, gpus * 70.0, 40 + random.nextInt(50), random.nextDouble() * 30,
          random.nextDouble() * 30)
          .withResources("H100", 32 + random.nextInt(4) * 32, (256L + random.nextInt(4) * 256)
              * GB)
          .withMigGpus(random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
      hosts.add(host);
    }
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    int n = 5 + random.nextInt(25);
    String[] profiles = {"1g.10gb", "2g.20gb", "3g.40gb"};
    for (int w = 0; w < n; w++) {
      double util = random.nextDouble() * 100;
      int kind = random.nextInt(10);
      Workload workload;
      if (kind < 4) {
        workload = Workload.fractional("w" + w, 0.1 + 0.1 * random.nextInt(5),
            (1 + random.nextInt(30)) * GB, util);
      } else if (kind < 5) {
        workload = Workload.mig("w" + w, profiles[random.nextInt(3)], 5 * GB, util);
      } else {
        workload = Workload.of("w" + w, 1 + random.nextInt(2), (10 + random.nextInt(60)) * GB,
            util);
      }
      workload = workload.withHostResources(random.nextInt(17), random.nextInt(129) * GB);
      workloads.add(workload);
      placement.put(workload.id(), hosts.get(random.nextInt(hostCount)).id());
    }
    return new FleetSnapshot("prop", Instant.EPOCH, hosts, workloads, placement);
  }
}
