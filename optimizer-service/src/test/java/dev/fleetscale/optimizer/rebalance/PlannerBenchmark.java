package dev.fleetscale.optimizer.rebalance;

import dev.fleetscale.contracts.rebalance.GoalResult;
import dev.fleetscale.contracts.rebalance.RebalancePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Planner benchmark, printing tables: (1) 1,250 hosts × 8 GPUs with 8,000 workloads, wall time
 * and per-goal timings; (2) small pools (5 hosts × 8 GPUs, 8 workloads) against the exact optimum
 * found by enumerating every placement. Run: see docs/benchmarks-optimizer.md.
 */
public final class PlannerBenchmark {

  private static final long GB = 1L << 30;

  private PlannerBenchmark() {}

  public static void main(String[] args) throws Exception {
    String only = args.length > 0 ? args[0] : "all";
    if (only.equals("all") || only.equals("empty")) {
      emptyPlanOnFullCluster();
    }
    if (only.equals("all") || only.equals("large")) {
      large();
    }
    if (only.equals("all") || only.equals("small")) {
      small();
    }
    if (only.equals("all") || only.startsWith("hetero")) {
      heterogeneous(1250, 5, true);
    }
    if (only.equals("all") || only.equals("hetero")) {
      heterogeneous(12500, 3, args.length > 1 && args[1].equals("baselines"));
    }
  }

  /** Hard goals, consolidation, then the soft goals: what the heterogeneous runs plan with. */
  static RebalancePlanner consolidating(boolean consolidate) {
    return consolidating(consolidate, new PlannerSettings(0, 500, 4));
  }

  static RebalancePlanner consolidating(boolean consolidate, PlannerSettings settings) {
    List<String> order = new ArrayList<>(GoalCatalog.DEFAULT_ORDER);
    if (consolidate) {
      order.add(order.indexOf("GpuUtilizationSpreadGoal"), "ConsolidationGoal");
    }
    return new RebalancePlanner(new GoalCatalog(10, 0.1, 85, 20, 1.0, 20).goals(order),
        settings);
  }

  static FleetSnapshot applied(FleetSnapshot fleet, RebalancePlan plan) {
    Map<String, String> placement = new HashMap<>(fleet.placement());
    plan.moves().forEach(m -> placement.put(m.workloadId(), m.toHost()));
    return withPlacement(fleet, placement);
  }

  static FleetSnapshot withPlacement(FleetSnapshot fleet, Map<String, String> placement) {
    return new FleetSnapshot(fleet.pool(), fleet.asOf(), fleet.hosts(), fleet.workloads(),
        placement);
  }

  static long hostsInUse(FleetSnapshot fleet) {
    return fleet.placement().values().stream().distinct().count();
  }

  /** Standard deviation of the hosts' GPU utilization, percentage points. */
  static double utilizationStdev(FleetSnapshot fleet) {
    PlanningState state = new PlanningState(fleet);
    double sum = 0;
    double squares = 0;
    int n = state.hostCount();
    for (int h = 0; h < n; h++) {
      double u = state.utilizationPercent(h);
      sum += u;
      squares += u * u;
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  }

  /** Plans, applies, plans again until a plan is empty; returns {plans, moves} and the fleet. */
  static Object[] converge(RebalancePlanner planner, FleetSnapshot fleet, int maxPlans)
      throws Exception {
    int plans = 0;
    int moves = 0;
    while (plans < maxPlans) {
      Optional<RebalancePlan> plan = planner.plan(fleet);
      if (plan.isEmpty()) {
        break;
      }
      plans++;
      moves += plan.get().moves().size();
      fleet = applied(fleet, plan.get());
    }
    return new Object[] {plans, moves, fleet};
  }

  static void heterogeneous(int hostCount, int runs, boolean baselines) throws Exception {
    FleetSnapshot fleet = HeterogeneousFleet.generate(hostCount, 0.55, 7);
    long fractional = fleet.workloads().stream().filter(w -> w.needs().gpuFraction() < 1).count();
    long mig = fleet.workloads().stream().filter(w -> w.needs().mig() != null).count();
    System.out.printf(Locale.ROOT, "%nHeterogeneous fleet: %d hosts, %d GPUs, %d workloads "
            + "(%d fractional, %d MIG), hard violation at start %.2f%n", hostCount,
        fleet.totalGpus(), fleet.workloads().size(), fractional, mig,
        PlannerPropertyTest.hardViolation(fleet));
    RebalancePlanner planner = consolidating(true);
    for (int i = 0; i < 2; i++) {
      planner.plan(fleet); // warm-up: JIT
    }
    List<Double> walls = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    RebalancePlan first = null;
    for (int run = 0; run < runs; run++) {
      long allocated = allocatedBytes();
      long start = System.nanoTime();
      first = planner.plan(fleet).orElseThrow();
      walls.add((System.nanoTime() - start) / 1e6);
      bytes.add(allocatedBytes() - allocated);
    }
    walls.sort(null);
    bytes.sort(null);
    System.out.printf(Locale.ROOT, "first plan: median %.1f ms, max %.1f ms, median %.1f MB "
            + "allocated, %d moves (%d runs)%n", walls.get(runs / 2), walls.get(runs - 1),
        bytes.get(runs / 2) / 1e6, first.moves().size(), runs);
    System.out.println("| goal | ms (last run) | note |");
    System.out.println("|---|---|---|");
    for (GoalResult g : first.goals()) {
      System.out.printf(Locale.ROOT, "| %s | %.2f | %s |%n", g.goal(), g.durationMicros() / 1000.0,
          g.note());
    }
    long start = System.nanoTime();
    Object[] converged = converge(planner, fleet, 60);
    FleetSnapshot end = (FleetSnapshot) converged[2];
    System.out.printf(Locale.ROOT, "consolidating: %d plans to converge (%d moves, %.1f s), hosts "
            + "in use %d -> %d, hard violation at the end %.2f%n", converged[0], converged[1],
        (System.nanoTime() - start) / 1e9, hostsInUse(fleet), hostsInUse(end),
        PlannerPropertyTest.hardViolation(end));
    start = System.nanoTime();
    Object[] uncapped = converge(consolidating(true, new PlannerSettings(0, 1_000_000,
        1_000_000)), fleet, 60);
    System.out.printf(Locale.ROOT, "consolidating, move caps off: %d plans (%d moves, %.1f s), "
            + "hosts in use %d%n", uncapped[0], uncapped[1], (System.nanoTime() - start) / 1e9,
        hostsInUse((FleetSnapshot) uncapped[2]));
    Object[] spread = converge(consolidating(false), fleet, 60);
    FleetSnapshot spreadEnd = (FleetSnapshot) spread[2];
    System.out.printf(Locale.ROOT, "spreading (no consolidation): %d plans, %d moves; GPU "
            + "utilization stdev %.2f -> %.2f points%n", spread[0], spread[1],
        utilizationStdev(fleet), utilizationStdev(spreadEnd));
    if (baselines) {
      FleetSnapshot bfd = withPlacement(fleet, HeterogeneousFleet.packFromScratch(fleet, false));
      FleetSnapshot leastLoaded = withPlacement(fleet,
          HeterogeneousFleet.packFromScratch(fleet, true));
      System.out.printf(Locale.ROOT, "best-fit-decreasing from scratch: %d hosts (planner %d, "
              + "%.1f %% more); least-loaded from scratch: stdev %.2f points (planner %.2f)%n",
          hostsInUse(bfd), hostsInUse(end),
          100.0 * (hostsInUse(end) - hostsInUse(bfd)) / hostsInUse(bfd),
          utilizationStdev(leastLoaded), utilizationStdev(spreadEnd));
    }
  }

  /**
   * A full cluster: 1,250 hosts × 8 GPUs, every GPU held by a 1-GPU workload, the busiest on the
   * first third. The spread goal wants moves but no host has a free GPU, so the plan is empty:
   * everything the planner spends here is spent for nothing.
   */
  static FleetSnapshot fullFleet(long seed) {
    Random random = new Random(seed);
    List<Host> hosts = new ArrayList<>();
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    for (int h = 0; h < 1250; h++) {
      String id = String.format(Locale.ROOT, "h%04d", h);
      hosts.add(new Host(id, "r" + (h / 50), true, 8, 80 * GB, 5600, 560, 50, 5, 5));
      for (int g = 0; g < 8; g++) {
        double util = h < 417 ? 80 + random.nextDouble() * 20 : 10 + random.nextDouble() * 30;
        Workload w = new Workload("w" + h + "-" + g, 1, 20 * GB, util, 300, 1, 1, Map.of());
        workloads.add(w);
        placement.put(w.id(), id);
      }
    }
    return new FleetSnapshot("full", Instant.parse("2026-01-01T00:00:00Z"), hosts, workloads,
        placement);
  }

  /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
        .getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  static void emptyPlanOnFullCluster() throws Exception {
    RebalancePlanner planner = planner();
    FleetSnapshot fleet = fullFleet(3);
    System.out.printf(Locale.ROOT, "%nEmpty plan on a full cluster, %d hosts × 8 GPUs, %d "
        + "workloads%n", fleet.hosts().size(), fleet.workloads().size());
    for (int i = 0; i < 3; i++) {
      planner.plan(fleet); // warm-up: JIT
    }
    List<Double> walls = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    for (int run = 1; run <= 5; run++) {
      long allocated = allocatedBytes();
      long start = System.nanoTime();
      Optional<RebalancePlan> plan = planner.plan(fleet);
      walls.add((System.nanoTime() - start) / 1e6);
      bytes.add(allocatedBytes() - allocated);
      if (plan.isPresent()) {
        throw new IllegalStateException("expected an empty plan, got "
            + plan.get().moves().size() + " moves");
      }
    }
    walls.sort(null);
    bytes.sort(null);
    System.out.printf(Locale.ROOT, "empty plan: median %.1f ms, max %.1f ms, median %.1f MB "
        + "allocated per plan (5 runs)%n", walls.get(2), walls.get(4), bytes.get(2) / 1e6);
  }

  static RebalancePlanner planner() {
    return new RebalancePlanner(RebalancePlanner.defaultGoals(10, 0.1, 85, 20, 1.0),
        new PlannerSettings(0, 500, 4));
  }

  static FleetSnapshot largeFleet(long seed) {
    Random random = new Random(seed);
    int hostCount = 1250;
    List<Host> hosts = new ArrayList<>();
    for (int h = 0; h < hostCount; h++) {
      boolean healthy = h % 250 != 7; // 5 unhealthy hosts to evacuate
      Host host = new Host(String.format("h%04d", h), "r" + (h / 50), healthy, 8, 80 * GB, 5600,
          560, 45 + random.nextInt(45), random.nextDouble() * 20, random.nextDouble() * 20);
      hosts.add(host);
    }
    int[] free = new int[hostCount];
    Arrays.fill(free, 8);
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    for (int w = 0; w < 8000; w++) {
      int gpus = w < 7400 ? 1 : w < 7900 ? 2 : 4;
      // Skewed placement: the first racks get the busiest workloads, as after a bad day.
      double util = Math.min(100, 20 + random.nextDouble() * 60 + (w % 10 == 0 ? 20 : 0));
      Workload workload = new Workload("w" + w, gpus, (10 + random.nextInt(60)) * GB, util,
          gpus * (100 + random.nextDouble() * 400), random.nextDouble() * 10,
          random.nextDouble() * 10, Map.of());
      if (w % 97 == 0) {
        workload = workload.withLabel(Workload.ANTI_AFFINITY_LABEL, "svc" + (w % 5));
      }
      int host = pickHost(random, free, gpus, util);
      if (host < 0) {
        continue;
      }
      free[host] -= gpus;
      workloads.add(workload);
      placement.put(workload.id(), hosts.get(host).id());
    }
    return new FleetSnapshot("bench", Instant.parse("2026-01-01T00:00:00Z"), hosts, workloads,
        placement);
  }

  private static int pickHost(Random random, int[] free, int gpus, double util) {
    // Busy workloads crowd onto the first third of the fleet.
    int start = util > 60 ? random.nextInt(free.length / 3) : random.nextInt(free.length);
    for (int i = 0; i < free.length; i++) {
      int h = (start + i) % free.length;
      if (free[h] >= gpus) {
        return h;
      }
    }
    return -1;
  }

  static void large() throws Exception {
    RebalancePlanner planner = planner();
    FleetSnapshot fleet = largeFleet(1);
    System.out.printf(Locale.ROOT, "%nPlanner, %d hosts × 8 GPUs, %d workloads%n",
        fleet.hosts().size(), fleet.workloads().size());
    for (int i = 0; i < 3; i++) {
      planner.plan(fleet); // warm-up: JIT
    }
    System.out.println("| run | wall ms | moves | score before | score after |");
    System.out.println("|---|---|---|---|---|");
    Map<String, List<Long>> goalMicros = new LinkedHashMap<>();
    List<Double> walls = new ArrayList<>();
    for (int run = 1; run <= 5; run++) {
      long start = System.nanoTime();
      Optional<RebalancePlan> plan = planner.plan(fleet);
      double ms = (System.nanoTime() - start) / 1e6;
      walls.add(ms);
      RebalancePlan p = plan.orElseThrow();
      System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %.1f | %.1f |%n", run, ms,
          p.moves().size(), p.scoreBefore(), p.scoreAfter());
      for (GoalResult g : p.goals()) {
        goalMicros.computeIfAbsent(g.goal(), k -> new ArrayList<>()).add(g.durationMicros());
      }
    }
    System.out.println("\n| goal | median ms |");
    System.out.println("|---|---|");
    goalMicros.forEach((goal, micros) -> {
      List<Long> sorted = new ArrayList<>(micros);
      sorted.sort(null);
      System.out.printf(Locale.ROOT, "| %s | %.2f |%n", goal, sorted.get(sorted.size() / 2)
          / 1000.0);
    });
    walls.sort(null);
    System.out.printf(Locale.ROOT, "median wall %.1f ms, max %.1f ms%n", walls.get(2),
        walls.get(4));
  }

  static void small() throws Exception {
    System.out.println("\nPlanner vs exact optimum (enumeration), 5 hosts × 8 GPUs, 8 workloads");
    System.out.println("| seed | before | planner | optimum | planner/optimum | missed share of "
        + "possible gain |");
    System.out.println("|---|---|---|---|---|---|");
    RebalancePlanner planner = planner();
    double worstMissed = 0;
    for (int seed = 1; seed <= 20; seed++) {
      FleetSnapshot fleet = smallFleet(seed);
      double before = planner.score(fleet);
      double greedy;
      try {
        greedy = planner.plan(fleet).map(RebalancePlan::scoreAfter).orElse(before);
      } catch (InfeasibleGoalException e) {
        continue;
      }
      double optimum = optimum(planner, fleet);
      double missed = before - optimum <= 1e-9 ? 0 : (greedy - optimum) / (before - optimum);
      worstMissed = Math.max(worstMissed, missed);
      System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %s | %.1f %% |%n", seed, before,
          greedy, optimum, optimum <= 1e-9 ? (greedy <= 1e-9 ? "1.000" : "n/a (optimum 0)")
              : String.format(Locale.ROOT, "%.3f", greedy / optimum), missed * 100);
    }
    System.out.printf(Locale.ROOT, "worst missed share of possible gain: %.1f %%%n",
        worstMissed * 100);
  }

  static FleetSnapshot smallFleet(long seed) {
    Random random = new Random(seed);
    List<Host> hosts = new ArrayList<>();
    for (int h = 0; h < 5; h++) {
      hosts.add(new Host("h" + h, "r0", true, 8, 80 * GB, 5600, 560, 50 + random.nextInt(40),
          random.nextDouble() * 30, random.nextDouble() * 30));
    }
    List<Workload> workloads = new ArrayList<>();
    Map<String, String> placement = new HashMap<>();
    int[] free = {8, 8, 8, 8, 8};
    for (int w = 0; w < 8; w++) {
      int gpus = 1 + random.nextInt(3);
      Workload workload = new Workload("w" + w, gpus, 20 * GB, 20 + random.nextDouble() * 80,
          gpus * random.nextDouble() * 500, random.nextDouble() * 30, random.nextDouble() * 30,
          Map.of());
      int host = random.nextInt(2); // crowd the first two hosts
      if (free[host] < gpus) {
        host = 2;
      }
      free[host] -= gpus;
      workloads.add(workload);
      placement.put(workload.id(), "h" + host);
    }
    return new FleetSnapshot("small", Instant.EPOCH, hosts, workloads, placement);
  }

  /** Best score over every placement: score of the placement + cost of the moves it takes. */
  static double optimum(RebalancePlanner planner, FleetSnapshot fleet) {
    int n = fleet.workloads().size();
    int hosts = fleet.hosts().size();
    int[] choice = new int[n];
    double best = Double.POSITIVE_INFINITY;
    long total = (long) Math.pow(hosts, n);
    for (long code = 0; code < total; code++) {
      long c = code;
      for (int i = 0; i < n; i++) {
        choice[i] = (int) (c % hosts);
        c /= hosts;
      }
      Map<String, String> placement = new HashMap<>();
      int moves = 0;
      for (int i = 0; i < n; i++) {
        String id = fleet.workloads().get(i).id();
        String host = fleet.hosts().get(choice[i]).id();
        placement.put(id, host);
        if (!host.equals(fleet.placement().get(id))) {
          moves++;
        }
      }
      FleetSnapshot candidate = new FleetSnapshot(fleet.pool(), fleet.asOf(), fleet.hosts(),
          fleet.workloads(), placement);
      double score = planner.score(candidate) + 1.0 * moves;
      best = Math.min(best, score);
    }
    return best;
  }
}
